#!/usr/bin/env bash
# Copies the data contracts that code reads at run time (Avro schemas, DDL, migrations) into dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for dir in schemas/avro schemas/clickhouse schemas/postgres/migrations; do
  mkdir -p "dist/$dir"
  find "$dir" -maxdepth 1 \( -name '*.avsc' -o -name '*.sql' \) -exec cp {} "dist/$dir/" \;
done
