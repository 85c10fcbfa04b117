#!/usr/bin/env bash
# Builds the two example projects under covertmark-examples/ as their users would, outside the
# CovertMark build, against the artifacts installed in the local Maven repository:
#   plugin-project     a third-party strategy: its unit tests, then its built jar loaded by the test
#                      kit as covertmark loads plugins, then that jar run by `covertmark run --plugins`;
#   embedding-project  a program on core and the built-in strategies: its tests, and a dependency
#                      tree that must name no MongoDB driver, pcap4j or JNA.
# Also checks that --version and the results name the release. Run from anywhere; .ci/run runs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)"

echo "check-example-projects: installing CovertMark $version into the local Maven repository" >&2
mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true

echo "check-example-projects: plugin-project (unit tests, then the built jar through the test kit)" >&2
(cd covertmark-examples/plugin-project && mvn -B -q clean verify -Dcovertmark.version="$version")

echo "check-example-projects: embedding-project (tests and dependency tree)" >&2
(cd covertmark-examples/embedding-project && mvn -B -q clean verify -Dcovertmark.version="$version")
tree="$(cd covertmark-examples/embedding-project && mvn -B dependency:tree -Dcovertmark.version="$version")"
if grep -Ei 'org\.mongodb|pcap4j|net\.java\.dev\.jna|picocli' <<<"$tree"; then
  echo "check-example-projects: the embedding program's dependencies name the artifacts above" >&2
  exit 1
fi
grep -q 'org.covertmark:covertmark-core:jar' <<<"$tree" \
  || { echo "check-example-projects: the dependency tree does not list covertmark-core" >&2; exit 1; }

echo "check-example-projects: the plugin's jar through covertmark run --plugins" >&2
shown="$(./covertmark --version)"
[ "$shown" = "covertmark $version" ] \
  || { echo "check-example-projects: --version says '$shown', not 'covertmark $version'" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
samples=covertmark-examples/samples
./covertmark run -q --plugins covertmark-examples/plugin-project/target/first-payload-entropy-1.0.0.jar \
  --strategy first-payload-entropy \
  --positive "$samples/obfs4-iat0.pcap" --client 10.1.0.0/24 \
  --negative "$samples/https-http.pcap" --negative-client 10.3.0.0/24 \
  --trials 2 --out "$out/run" > "$out/run.txt"
tail -1 "$out/run.txt" >&2
grep -q "\"strategy\" : \"first-payload-entropy\"" "$out/run/results.json"
grep -q "\"version\" : \"$version\"" "$out/run/results.json" \
  || { echo "check-example-projects: results.json does not name version $version" >&2; exit 1; }
echo "check-example-projects: all passed" >&2
