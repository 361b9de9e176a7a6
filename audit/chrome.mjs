// Debian's Chromium, headless, kept off the network: every non-loopback request goes to a dead
// proxy and no host name but localhost is ever resolved (without this Chromium still calls
// Google hosts). Shared by audit.mjs and screenshots.mjs.
export const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const baseFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export const guardFlags = [
  '--proxy-server=http://127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** Refuse anything but the local site: these tools audit 127.0.0.1 only. */
export function requireLocal(url) {
  const { hostname } = new URL(url);
  if (!['127.0.0.1', 'localhost'].includes(hostname)) {
    throw new Error(`refusing to audit a non-local address: ${url}`);
  }
}

/** playwright-core's Chromium launch options (it adds headless, no-sandbox and a profile itself). */
export function playwrightOptions() {
  return {
    executablePath: chromePath,
    headless: true,
    args: [...baseFlags, ...guardFlags].filter((flag) => !/^--(headless|no-sandbox)\b/.test(flag)),
    timeout: 60_000,
  };
}
