# Sourced by scripts/test: make sure the browser tests have Debian's Chromium to drive.
# Nothing is ever downloaded by Playwright; it launches the system browser at CHROMIUM_PATH.
# Without one (and without root to install it) the browser tests are skipped with the reason,
# unless REQUIRE_BROWSER=1 (set by .ci/run), which turns that skip into a failure.

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ] || [ "${SKIP_BROWSER_INSTALL:-0}" = "1" ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests"
    if ! { apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-dejavu-core >/dev/null; }; then
      echo "warning: could not install chromium; the browser tests will be skipped" >&2
    fi
  else
    echo "note: no Chromium at $chromium and not root to install it: the browser tests" \
      "will be skipped (apt-get install chromium, or set CHROMIUM_PATH)" >&2
  fi
}
