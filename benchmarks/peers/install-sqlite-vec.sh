#!/usr/bin/env bash
# Installs sqlite-vec's prebuilt Linux x64 extension (vec0.so) from npm into benchmarks/target/peers/,
# where PeerRunner looks for it. The binary is never committed (target/ is ignored).
#
#   benchmarks/peers/install-sqlite-vec.sh [VERSION]     (default 0.1.9, what the incident's server used)
#
# Needs npm. The runner skips sqlite-vec, and says why, when the .so is absent.
set -euo pipefail

version="${1:-0.1.9}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$here/target/peers"

command -v npm >/dev/null || { echo "install-sqlite-vec.sh: npm is not on PATH" >&2; exit 2; }
[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] \
  || { echo "install-sqlite-vec.sh: only Linux x86_64 is handled; found $(uname -s)-$(uname -m)" >&2; exit 2; }

mkdir -p "$dest"
npm install --prefix "$dest" --no-save --no-audit --no-fund "sqlite-vec-linux-x64@$version" >&2
so="$dest/node_modules/sqlite-vec-linux-x64/vec0.so"
[[ -f "$so" ]] || { echo "install-sqlite-vec.sh: npm finished but $so is missing" >&2; exit 1; }
echo "$so"
