#!/usr/bin/env bash
# Runtime dependency closure (jar count and MB) of kinetic-spring-boot-starter beside raw
# KCL 3.5.1, with and without software.amazon.glue:schema-registry-serde, all resolved
# under the same Spring Boot dependency management as the project.
# Usage: .ci/dependency-closure.sh   (from the repository root; add -o to MAVEN_ARGS offline)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
boot=$(sed -n '/<artifactId>spring-boot-starter-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' pom.xml)
netty=$(sed -n 's/.*<netty.version>\(.*\)<\/netty.version>.*/\1/p' pom.xml)
kcl=$(sed -n 's/.*<amazon-kinesis-client.version>\(.*\)<\/amazon-kinesis-client.version>.*/\1/p' pom.xml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# quiet on success, Maven's output on failure
mvn() {
	"$root/mvnw" -q -B -ntp ${MAVEN_ARGS:-} "$@" >"$work/maven.log" 2>&1 || { cat "$work/maven.log"; exit 1; }
}

report() {
	local name=$1 dir=$2
	local count bytes
	count=$(find "$dir" -name '*.jar' | wc -l)
	bytes=$(find "$dir" -name '*.jar' -printf '%s\n' | awk '{ sum += $1 } END { print sum }')
	printf '%-46s %4d jars  %6.1f MB\n' "$name" "$count" "$(echo "$bytes / 1048576" | bc -l)"
}

# the starter: package the modules it needs, then copy its runtime closure (each module
# copies its own into its target/closure; only the starter's counts)
rm -rf kinetic-spring-boot-starter/target/closure
mvn -pl kinetic-spring-boot-starter -am package dependency:copy-dependencies -Dmaven.test.skip=true \
	-DincludeScope=runtime -DoutputDirectory=target/closure -Dspring-javaformat.skip=true
cp -r kinetic-spring-boot-starter/target/closure "$work/starter"

# raw KCL: a throwaway project on the same Spring Boot parent and Netty version
raw() {
	local name=$1 exclusion=$2
	mkdir -p "$work/$name"
	cat >"$work/$name/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
	<modelVersion>4.0.0</modelVersion>
	<parent>
		<groupId>org.springframework.boot</groupId>
		<artifactId>spring-boot-starter-parent</artifactId>
		<version>$boot</version>
		<relativePath/>
	</parent>
	<groupId>closure</groupId>
	<artifactId>$name</artifactId>
	<version>1</version>
	<properties>
		<netty.version>$netty</netty.version>
	</properties>
	<dependencies>
		<dependency>
			<groupId>software.amazon.kinesis</groupId>
			<artifactId>amazon-kinesis-client</artifactId>
			<version>$kcl</version>
			$exclusion
		</dependency>
	</dependencies>
</project>
POM
	mvn -f "$work/$name/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
		-DoutputDirectory="$work/$name/jars"
}
raw kcl ""
raw kcl-without-glue "<exclusions><exclusion><groupId>software.amazon.glue</groupId><artifactId>schema-registry-serde</artifactId></exclusion></exclusions>"

echo "Spring Boot $boot, Netty $netty, KCL $kcl"
report "kinetic-spring-boot-starter" "$work/starter"
report "amazon-kinesis-client $kcl" "$work/kcl/jars"
report "amazon-kinesis-client $kcl without Glue serde" "$work/kcl-without-glue/jars"
echo "in the starter, not in KCL without Glue serde:"
comm -23 <(ls "$work/starter" | sort) <(ls "$work/kcl-without-glue/jars" | sort) | sed 's/^/  /'
echo "in KCL without Glue serde, not in the starter: $(comm -13 <(ls "$work/starter" | sort) <(ls "$work/kcl-without-glue/jars" | sort) | wc -l) jars"
