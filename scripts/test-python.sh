#!/usr/bin/env bash
# The Python contract suite (clients/python/tests): the generated stubs in gen/python against a live
# service started by scripts/serve-for-tests.sh, every shared vector replayed plus the error details.
# Needs node_modules (npm ci) and, unless MONGODB_URI is set, .tools/bin/ferretdb. Extra arguments go
# to pytest (e.g. -k resolve). Exits non-zero on any failure, and when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")/.."
source clients/python/ensure-venv.sh
ensure_python_venv

export PYTHONPATH="$PWD/gen/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
status=0
"$VENV_PYTHON" -m pytest -c clients/python/pytest.ini -p no:cacheprovider clients/python/tests "$@" || status=$?
if [[ $status -eq 5 ]]; then
  echo "test-python: pytest collected no tests" >&2
fi
exit "$status"
