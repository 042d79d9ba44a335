#!/usr/bin/env bash
# The Java client's contract suite (clients/java): compiles the committed stubs in gen/java and, against
# a live server started by scripts/serve-for-tests.sh, replays every shared vector (test/vectors) and
# checks the decoded error details. Needs Java 17+ and Maven 3.8+; the Maven repository is .tools/m2
# (git-ignored) so later runs and CI reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d gen/java/com ]] || { echo "gen/java is missing: run scripts/generate-java.sh" >&2; exit 1; }
[[ -d node_modules ]] || bash scripts/install-deps.sh
mvn -B --no-transfer-progress -Dstyle.color=never -Dmaven.repo.local=.tools/m2 -Dsessionpolicy.liveSuite.skip=false -f clients/java/pom.xml test
