#!/bin/sh
# Mutation testing of impl/ with only the generated tests (PIT). Takes minutes; not part of CI.
# The report lands in generated-tests/target/pit-reports/ (index.html, mutations.xml).
set -e
cd "$(dirname "$0")"
mvn -B -q -DskipTests install -pl impl -am
exec mvn -B -Ppit -pl generated-tests verify "$@"
