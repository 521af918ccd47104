#!/bin/sh
# Mutation testing of impl/ with only the generated tests (PIT). Takes minutes; not part of CI.
# The report lands in generated-tests/target/pit-reports/ (index.html, mutations.xml).
set -e
cd "$(dirname "$0")"
mvn -B -q -DskipTests install -pl impl -am "$@"
status=0
mvn -B -Ppit -pl generated-tests verify "$@" || status=$?
# The profile unpacked impl/'s classes into generated-tests/target/classes, ahead of impl's jar on
# the test classpath: left there, later plain test runs would test that copy, not impl/ as built.
rm -rf generated-tests/target/classes
exit $status
