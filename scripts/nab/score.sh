#!/usr/bin/env bash
# Scores `tokenwatch score-series` on the Numenta Anomaly Benchmark with NAB's own Python scorer.
#   scripts/nab/score.sh [NAB_DIR]     (default .tokenwatch/nab, git-ignored; cloned when missing)
# Needs git (first run only), Python 3 with pandas (Debian: apt-get install python3-pandas) and Node.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
nab="${1:-$root/.tokenwatch/nab}"
python="${PYTHON:-python3}"
if [ ! -f "$nab/run.py" ]; then
  echo "cloning numenta/NAB into $nab"
  git clone --depth 1 https://github.com/numenta/NAB "$nab"
fi
if ! "$python" -c 'import pandas' 2>/dev/null; then
  echo "NAB's scorer needs pandas for $python: apt-get install python3-pandas (or pip install pandas)" >&2
  exit 1
fi
cd "$root"
exec node --import tsx scripts/nab/score-nab.ts --nab "$nab" --python "$python"
