#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor/ from npm (see static/vendor/README.md), and
# the browser tests' axe-core in tests/vendor/ (see tests/vendor/README.md).
# The dashboard loads no CDN at run time; this is only run by a developer, never by the app or CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/static/vendor"
tests="$(cd "$here/../../../../tests" && pwd)/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
  d3-array@3.2.5 d3-geo@3.1.2 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.35.0 axe-core@4.14.1 >/dev/null
n="$work/node_modules"
cp "$n/d3-array/dist/d3-array.min.js" "$n/d3-geo/dist/d3-geo.min.js" \
   "$n/topojson-client/dist/topojson-client.min.js" "$n/world-atlas/countries-110m.json" \
   "$n/swagger-ui-dist/swagger-ui-bundle.js" "$n/swagger-ui-dist/swagger-ui.css" "$out/"
sed -i 's#/\*\# sourceMappingURL=swagger-ui.css.map\*/##' "$out/swagger-ui.css"
mkdir -p "$out/licenses"
for p in d3-array d3-geo topojson-client world-atlas swagger-ui-dist; do
  cp "$n/$p/LICENSE" "$out/licenses/$p.LICENSE"
done
cp "$n/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" "$out/licenses/"
mkdir -p "$tests/licenses"
cp "$n/axe-core/axe.min.js" "$tests/"
cp "$n/axe-core/LICENSE" "$tests/licenses/axe-core.LICENSE"
cp "$n/axe-core/LICENSE-3RD-PARTY.txt" "$tests/licenses/axe-core.LICENSE-3RD-PARTY.txt"
echo "vendored into $out and $tests"
