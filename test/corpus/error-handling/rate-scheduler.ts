import { pause, pushRates, refreshRates, syncRates } from './rate-cache.js';

// Starts the rate refresh loops. Which calls may be left unawaited depends on the callee's own code.
export function startRateJobs(): void {
  refreshRates(); // ok: no-unhandled-rejection
  syncRates(); // expect: no-unhandled-rejection

  setInterval(() => {
    refreshRates(); // ok: no-unhandled-rejection
  }, 60_000);

  setInterval(async () => { // ok: no-unsafe-async-callback
    await refreshRates();
    await pause(1_000);
  }, 300_000);

  setInterval(async () => { // expect: no-unsafe-async-callback
    await pushRates();
  }, 600_000);

  setTimeout(() => {
    pushRates(); // expect: no-unhandled-rejection
  }, 1_000);
}
