// The Gradle build for users (this repository's CI builds offline with build.sh instead).
//   gradle build        the library jar, and the JUnit suite (needs TDJSON_LIBRARY, TDJSON_TESTDC)
//   gradle runExample   the README's example
//   gradle bench        the binding's cost over raw JNA calls
plugins {
    kotlin("jvm") version "2.4.20"
    `java-library`
}

group = "tdjson"
version = "0.1.0"

repositories {
    mavenCentral()
}

kotlin {
    jvmToolchain(17)
}

// The README's example and the benchmark: source sets over the library's classes.
val example by sourceSets.creating {
    compileClasspath += sourceSets.main.get().output
    runtimeClasspath += sourceSets.main.get().output
}
val bench by sourceSets.creating {
    compileClasspath += sourceSets.main.get().output
    runtimeClasspath += sourceSets.main.get().output
}
configurations["exampleImplementation"].extendsFrom(configurations.implementation.get())
configurations["exampleRuntimeOnly"].extendsFrom(configurations.runtimeOnly.get())
configurations["benchImplementation"].extendsFrom(configurations.implementation.get())
configurations["benchRuntimeOnly"].extendsFrom(configurations.runtimeOnly.get())

dependencies {
    api("net.java.dev.jna:jna:5.13.0")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.0")
    testImplementation("org.junit.jupiter:junit-jupiter:5.9.2")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

tasks.test {
    useJUnitPlatform()
    dependsOn(tasks.named("exampleClasses"))
    // TDJSON_LIBRARY and TDJSON_TESTDC come from the environment Gradle was started in.
    environment("TDJSON_KT_EXAMPLE_CP", example.runtimeClasspath.asPath)
}

tasks.register<JavaExec>("runExample") {
    classpath = example.runtimeClasspath
    mainClass.set("tdjson.example.MainKt")
    standardInput = System.`in`
}

tasks.register<JavaExec>("bench") {
    classpath = bench.runtimeClasspath
    mainClass.set("tdjson.BenchKt")
}
