// Whether an import specifier names a package or a file in it, as the model rows spell packages:
//   telegraf, telegraf/filters   -> package 'telegraf'
//   @grammyjs/router             -> package '@grammyjs/' (a scope prefix)
export function isModuleOfPackage(module: string, pkg: string): boolean {
  if (pkg.endsWith('/')) return module.startsWith(pkg);
  return module === pkg || module.startsWith(`${pkg}/`);
}
