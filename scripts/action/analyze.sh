#!/usr/bin/env bash
# The `Run resilint analyze` step of action.yml. Inputs arrive only through the environment (RESILINT_*),
# never spliced into this text. Writes exit-code and sarif-file to $GITHUB_OUTPUT and always exits 0:
# the job fails in the action's last step, after the SARIF upload.
#   exit-code 0: clean; 1: findings at or above fail-on; 2: resilint could not run or failed.
set -uo pipefail

finish() {
  echo "exit-code=$1" >> "$GITHUB_OUTPUT"
  echo "sarif-file=$RESILINT_SARIF" >> "$GITHUB_OUTPUT"
  exit 0
}

if [ -n "${RESILINT_COMMAND:-}" ]; then
  read -r -a runner <<< "$RESILINT_COMMAND"
elif [ -z "${RESILINT_VERSION:-}" ] && [ -x node_modules/.bin/resilint ]; then
  runner=(node_modules/.bin/resilint)
else
  # Installed in a step of its own, so that a failed install (no such version, registry down) is told
  # apart from findings: npx would exit 1 for both.
  spec="resilint@${RESILINT_VERSION:-latest}"
  prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/resilint-cli"
  if ! install_log=$(npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "$spec" 2>&1); then
    printf '%s\n' "$install_log" | tail -n 20
    echo "::error title=resilint::Could not install $spec from the npm registry (see the npm output above). Nothing was analyzed; set the action's 'version' input to a published version, or add resilint to the project's devDependencies."
    finish 2
  fi
  runner=("$prefix/node_modules/.bin/resilint")
fi

read -r -d '' -a paths <<< "${RESILINT_PATHS:-.}" || true
read -r -a extra <<< "${RESILINT_ARGS:-}" || true
args=(analyze "${paths[@]}" --format sarif --output "$RESILINT_SARIF" --format text
      --sarif-category "$RESILINT_CATEGORY" --fail-on "$RESILINT_FAIL_ON" --llm "$RESILINT_LLM" --quiet)
if [ -n "${RESILINT_BASELINE:-}" ]; then args+=(--baseline "$RESILINT_BASELINE"); fi

status=0
"${runner[@]}" "${args[@]}" "${extra[@]}" || status=$?
if [ "$status" -eq 1 ] && [ ! -s "$RESILINT_SARIF" ]; then
  # resilint writes the SARIF before it exits 1 for findings: exit 1 without it is a failure to run.
  status=2
fi
if [ "$status" -gt 1 ]; then
  echo "::error title=resilint::resilint analyze failed with exit code $status (see the message above)."
  finish 2
elif [ "$status" -eq 1 ]; then
  echo "::error title=resilint::Findings at or above '$RESILINT_FAIL_ON'. They are in code scanning once the upload below finishes."
fi
finish "$status"
