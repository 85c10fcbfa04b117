package org.covertmark.examples;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The arrows between modules and packages that the README's module table draws, held by a test:
 * the API depends on nothing heavy; analytics and strategies never reach core, a store or the
 * command line; no library module names the command line; the optional integrations stay in their
 * own places; no library's public signature speaks Jackson, pcap4j, MongoDB or picocli; and every
 * public type of the library carries its stability status.
 */
@DisplayName("The architecture")
class ArchitectureTest {

    /** The library's packages: everything but the command line and its examples. */
    static final String[] LIBRARY = {"org.covertmark.api..", "org.covertmark.core..", "org.covertmark.analytics..",
        "org.covertmark.strategies..", "org.covertmark.store..", "org.covertmark.testkit.."};

    /** Libraries whose types must not appear in the library's public signatures. */
    static final List<String> FOREIGN_TYPES = List.of("com.fasterxml.", "org.pcap4j.", "com.sun.jna.",
            "com.mongodb.", "org.bson.", "picocli.", "me.tongfei.");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.covertmark");
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .as("every module's classes are imported")
                .contains("org.covertmark.api.packet", "org.covertmark.core.engine", "org.covertmark.analytics.entropy",
                        "org.covertmark.strategies.entropy", "org.covertmark.store.mongodb", "org.covertmark.testkit",
                        "org.covertmark.examples.cli");
    }

    @Test
    @DisplayName("covertmark-api depends on the JDK, SLF4J and apiguardian alone")
    void apiIsLight() {
        classes().that().resideInAPackage("org.covertmark.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.covertmark.api..",
                        "org.slf4j..", "org.apiguardian.api..")
                .check(classes);
    }

    @Test
    @DisplayName("analytics and strategies never reach core, a store, the test kit or the command line")
    void analyticsAndStrategiesStayOnTheApi() {
        noClasses().that().resideInAnyPackage("org.covertmark.analytics..", "org.covertmark.strategies..")
                .should().dependOnClassesThat().resideInAnyPackage("org.covertmark.core..", "org.covertmark.store..",
                        "org.covertmark.testkit..", "org.covertmark.examples..")
                .check(classes);
    }

    @Test
    @DisplayName("no library module names the command line, picocli or the progress bars")
    void libraryNeverNamesTheCli() {
        noClasses().that().resideInAnyPackage(LIBRARY)
                .should().dependOnClassesThat().resideInAnyPackage("org.covertmark.examples..", "picocli..",
                        "me.tongfei..")
                .check(classes);
    }

    @Test
    @DisplayName("core reaches no store but its own: the MongoDB store and its driver live in their module")
    void coreKnowsNoDatabase() {
        noClasses().that().resideInAnyPackage("org.covertmark.core..", "org.covertmark.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.covertmark.store..", "com.mongodb..",
                        "org.bson..")
                .check(classes);
        classes().that().resideInAnyPackage("org.covertmark.store.mongodb..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.covertmark.api..",
                        "org.covertmark.store.mongodb..", "org.slf4j..", "org.apiguardian.api..", "com.mongodb..",
                        "org.bson..")
                .check(classes);
    }

    @Test
    @DisplayName("pcap4j and JNA are reached only by live capture, an optional part of core")
    void libpcapOnlyInLiveCapture() {
        noClasses().that().resideInAnyPackage(LIBRARY)
                .and().doNotHaveFullyQualifiedName("org.covertmark.core.capture.LiveCapture")
                .and(describe("are not nested in LiveCapture",
                        c -> !c.getName().startsWith("org.covertmark.core.capture.LiveCapture$")))
                .should().dependOnClassesThat().resideInAnyPackage("org.pcap4j..", "com.sun.jna..")
                .check(classes);
    }

    @Test
    @DisplayName("the test kit is used by tests only: no other module's main code reaches it")
    void testKitIsForTests() {
        noClasses().that().resideOutsideOfPackage("org.covertmark.testkit..")
                .should().dependOnClassesThat().resideInAPackage("org.covertmark.testkit..")
                .check(classes);
    }

    @Test
    @DisplayName("every public type of the library says how far it may be relied on, with @API")
    void publicTypesCarryTheirStability() {
        classes().that().resideInAnyPackage(LIBRARY)
                .and().arePublic()
                .and(describe("are not nested in a type that is not public", ArchitectureTest::enclosedByPublicTypes))
                .should().beAnnotatedWith("org.apiguardian.api.API")
                .because("docs/api-stability.md promises a status for every public type of the library")
                .check(classes);
    }

    private static boolean enclosedByPublicTypes(JavaClass c) {
        for (JavaClass e = c.getEnclosingClass().orElse(null); e != null; e = e.getEnclosingClass().orElse(null)) {
            if (!e.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    @Test
    @DisplayName("the modules form no cycle")
    void noCyclesBetweenModules() {
        slices().matching("org.covertmark.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("no public method or constructor of the library takes or returns a Jackson, pcap4j, MongoDB or picocli type")
    void publicSignaturesSpeakData() {
        codeUnits().that().areDeclaredInClassesThat().resideInAnyPackage(LIBRARY)
                .and().areDeclaredInClassesThat().arePublic()
                .and(describe("are public or protected",
                        (JavaCodeUnit u) -> u.getModifiers().contains(JavaModifier.PUBLIC)
                                || u.getModifiers().contains(JavaModifier.PROTECTED)))
                .should(notMention(FOREIGN_TYPES))
                .check(classes);
    }

    private static ArchCondition<JavaCodeUnit> notMention(List<String> prefixes) {
        DescribedPredicate<JavaClass> foreign = describe("foreign",
                c -> prefixes.stream().anyMatch(p -> c.getName().startsWith(p)));
        return new ArchCondition<>("not take or return a type of " + prefixes) {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                types.add(unit.getRawReturnType());
                types.addAll(unit.getExceptionTypes());
                for (JavaClass t : types) {
                    if (foreign.test(t)) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + t.getName()));
                    }
                }
            }
        };
    }

    /** A command line's words: an option such as {@code --client}, or a {@code covertmark COMMAND}. */
    static final Pattern CLI_WORDS = Pattern.compile("\"[^\"\\n]*(?<![\\w-])(--[a-z][a-z-]+|covertmark (?:run|traces"
            + "|delete|import|strategies|procedure|packets|features|capture|plot|demo|bench))\\b[^\"\\n]*\"");

    @Test
    @DisplayName("no string of the library's main code speaks the command line's words")
    void libraryMessagesSpeakData() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("covertmark-api", "covertmark-core", "covertmark-analytics",
                "covertmark-strategies", "covertmark-store-mongodb", "covertmark-testkit")) {
            Path sources = Path.of("..", module, "src", "main", "java");
            assertThat(sources).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                            continue; // documentation may say what a library call corresponds to on the command line
                        }
                        Matcher m = CLI_WORDS.matcher(line);
                        if (m.find()) {
                            found.add(f + ":" + (i + 1) + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(found).as("library messages carry what went wrong as data; the CLI words the remedy").isEmpty();
    }
}
