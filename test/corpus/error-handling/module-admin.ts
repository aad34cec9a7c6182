// The admin API that installs and enables plugin modules. Every failure is written to the audit log before the
// error goes back to the HTTP layer.

declare const audit: { record(event: { action: string; module: string; error?: string }): void };
declare const registry: {
  uninstall(name: string): Promise<void>;
  enable(name: string): Promise<{ name: string; enabled: boolean }>;
};

export async function uninstallModule(name: string): Promise<void> {
  try {
    // the chain audits and rethrows its own rejection; the catch below is for synchronous throws
    return registry.uninstall(name).catch((err: Error) => { // ok: no-unhandled-rejection
      audit.record({ action: 'uninstall', module: name, error: err.message });
      throw err;
    });
  } catch (error) {
    audit.record({ action: 'uninstall', module: name, error: String(error) });
    throw error;
  }
}

export async function enableModule(name: string): Promise<{ name: string; enabled: boolean }> {
  try {
    // the chain only tags the error: a failed enable skips the audit the catch writes
    return registry.enable(name).catch((err: Error & { status?: number }) => { // expect: no-unhandled-rejection
      err.status = 400;
      throw err;
    });
  } catch (error) {
    audit.record({ action: 'enable', module: name, error: String(error) });
    throw error;
  }
}
