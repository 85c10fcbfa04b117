package org.covertmark.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.covertmark.api.packet.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Makes every change to the public API of covertmark-api deliberate, in the way of Kotlin's binary
 * compatibility validator and AndroidX's {@code api.txt}: the public types, their members and their
 * stability are listed from the compiled classes, and the listing must equal the committed
 * {@code api/covertmark-api.api}. A deliberate change is accepted by running the tests with
 * {@code -Dcovertmark.api.accept=true}, which rewrites the file; the commit then shows the API change
 * as a diff for review. See {@code docs/api-stability.md}.
 */
@DisplayName("The public API of covertmark-api")
class ApiSignaturesTest {

    /** The system property that rewrites the signature file instead of comparing with it. */
    private static final String ACCEPT = "covertmark.api.accept";

    private static final String ACCEPT_COMMAND = "mvn -o -B verify -pl covertmark-api -D" + ACCEPT + "=true";
    private static final String SIGNATURE_FILE = "api/covertmark-api.api";
    private static final String API_PACKAGE = "org.covertmark.api";

    @Test
    @DisplayName("matches the committed signature file, or rewrites it when the change is accepted")
    void matchesTheCommittedSignatureFile(TestReporter reporter) throws IOException {
        Path file = moduleDirectory().resolve(SIGNATURE_FILE);
        List<String> actual = ApiListing.of(publicTypes());
        if (Boolean.getBoolean(ACCEPT)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
            reporter.publishEntry("accepted", "wrote " + file + "; review its diff before committing");
            return;
        }
        boolean exists = Files.exists(file);
        List<String> committed = exists
                ? Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n").lines().toList()
                : List.of();
        LineDiff diff = LineDiff.between(committed, actual);

        assertThat(diff.isEmpty())
                .withFailMessage(() -> mismatch(exists, diff))
                .isTrue();
    }

    @Test
    @DisplayName("gives every public type a stability status and the version it appeared in")
    void everyPublicTypeDeclaresItsStability() {
        List<String> unmarked = publicTypes().stream()
                .filter(t -> t.getAnnotation(API.class) == null || t.getAnnotation(API.class).since().isBlank())
                .map(Class::getName)
                .toList();

        assertThat(unmarked).as("public types without @API(status = ..., since = ...)").isEmpty();
    }

    @Test
    @DisplayName("shows a difference as removed and added lines with context")
    void showsADifferenceAsRemovedAndAddedLines() {
        List<String> before = List.of("class A", "  method a()", "  method b()", "  method c()", "class B");
        List<String> after = List.of("class A", "  method a()", "  method b(int)", "  method c()", "class B",
                "  method d()");

        LineDiff diff = LineDiff.between(before, after);

        assertThat(diff.added()).isEqualTo(2);
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.render()).isEqualTo(String.join("\n",
                "@@ -1,5 +1,6 @@",
                " class A",
                "   method a()",
                "-  method b()",
                "+  method b(int)",
                "   method c()",
                " class B",
                "+  method d()"));
        assertThat(LineDiff.between(before, before).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("heads each part of a difference with the type it belongs to, and leaves distant lines out")
    void headsEachPartOfADifferenceWithItsType() {
        List<String> before = List.of("class A", "  m1", "  m2", "  m3", "  m4", "  m5", "  m6", "  m7",
                "  m8", "  m9");
        List<String> after = List.of("class A", "  m1", "  m2", "  m3", "  m4", "  m5", "  m6", "  m7",
                "  m8", "  m9(int)");

        assertThat(LineDiff.between(before, after).render()).isEqualTo(String.join("\n",
                "@@ -7,4 +7,4 @@ class A",
                "   m6",
                "   m7",
                "   m8",
                "-  m9",
                "+  m9(int)"));
    }

    /** The failure message: what differs, as a diff, and how to accept a deliberate change. */
    private static String mismatch(boolean fileExists, LineDiff diff) {
        String what = !fileExists ? SIGNATURE_FILE + " does not exist yet"
                : "the public API differs from " + SIGNATURE_FILE + " (" + lines(diff.added()) + " added, "
                        + lines(diff.removed()) + " removed)";
        return what + ":\n\n"
                + "--- " + SIGNATURE_FILE + " (committed)\n"
                + "+++ the compiled classes\n"
                + diff.render() + "\n\n"
                + "If the change is deliberate, accept it with\n"
                + "    " + ACCEPT_COMMAND + "\n"
                + "and commit the rewritten " + SIGNATURE_FILE + " with it, so that the change is reviewed.\n"
                + "A removed or changed line of a STABLE or MAINTAINED API needs a deprecation release first:\n"
                + "see docs/api-stability.md.";
    }

    private static String lines(int count) {
        return count + (count == 1 ? " line" : " lines");
    }

    /** The covertmark-api module's directory: the parent of {@code target/classes}. */
    private static Path moduleDirectory() {
        return classesDirectory().getParent().getParent();
    }

    /** Where the main classes were compiled to, found from a class of the module. */
    private static Path classesDirectory() {
        try {
            Path classes = Path.of(Packet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(classes).as("the compiled classes of covertmark-api, as a directory").isDirectory();
            return classes;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every public type of the {@code org.covertmark.api} packages: the public top-level types and the
     * public member types of public types, found by walking the compiled classes.
     */
    private static List<Class<?>> publicTypes() {
        Path root = classesDirectory();
        try (Stream<Path> files = Files.walk(root.resolve(API_PACKAGE.replace('.', '/')))) {
            return files.map(root::relativize)
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.endsWith("package-info.class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .map(ApiSignaturesTest::load)
                    .filter(ApiSignaturesTest::isPublicApi)
                    .sorted(Comparator.comparing(Class::getName))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, false, ApiSignaturesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled but not loadable: " + binaryName, e);
        }
    }

    /** Whether code outside the module can name the type: it and every type enclosing it are public. */
    private static boolean isPublicApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The signature file's text: a header, then per package each public type on one line (stability,
     * modifiers, kind, name, type parameters, record components, supertypes) followed by its public and
     * protected members, indented, one a line — fields, constructors, then methods, each sorted by
     * name, with enum constants in declaration order, since their order is part of their meaning.
     */
    private static final class ApiListing {

        private static final int SHOWN_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT
                | Modifier.STATIC | Modifier.FINAL;

        private ApiListing() {
        }

        static List<String> of(List<Class<?>> types) {
            List<String> lines = new ArrayList<>(List.of(
                    "# The public API of covertmark-api, listed from its compiled classes by ApiSignaturesTest.",
                    "# Not edited by hand: a deliberate change is accepted with",
                    "#     " + ACCEPT_COMMAND,
                    "# and reviewed in the commit's diff; docs/api-stability.md says what each status promises."));
            String pkg = null;
            for (Class<?> type : types) {
                if (!type.getPackageName().equals(pkg)) {
                    pkg = type.getPackageName();
                    lines.add("");
                    lines.add("package " + pkg);
                }
                lines.add("");
                lines.add(header(type));
                members(type).forEach(m -> lines.add("  " + m));
            }
            return lines;
        }

        private static String header(Class<?> type) {
            // as source code writes a type: without the modifiers the language implies
            int modifiers = type.getModifiers() & SHOWN_MODIFIERS;
            if (type.isInterface()) {
                modifiers &= ~Modifier.ABSTRACT;
            }
            if (type.isEnum() || type.isRecord()) {
                modifiers &= ~Modifier.FINAL;
            }
            if (type.isMemberClass() && (type.isEnum() || type.isRecord() || type.isInterface())) {
                modifiers &= ~Modifier.STATIC;
            }
            String kind = type.isAnnotation() ? "@interface" : type.isEnum() ? "enum" : type.isRecord() ? "record"
                    : type.isInterface() ? "interface" : "class";
            StringBuilder sb = new StringBuilder(words(annotations(type), Modifier.toString(modifiers),
                    type.isSealed() ? "sealed" : "", kind, type.getCanonicalName()));
            sb.append(typeParameters(type.getTypeParameters()));
            if (type.isRecord()) {
                sb.append(Arrays.stream(type.getRecordComponents())
                        .map(c -> name(c.getGenericType()) + " " + c.getName())
                        .collect(Collectors.joining(", ", "(", ")")));
            }
            Type superclass = type.getGenericSuperclass();
            if (superclass != null && superclass != Object.class) {
                sb.append(" extends ").append(name(superclass));
            }
            Type[] interfaces = type.getGenericInterfaces();
            if (interfaces.length > 0) {
                sb.append(type.isInterface() ? " extends " : " implements ").append(names(interfaces));
            }
            if (type.isSealed()) {
                sb.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses())
                        .map(Class::getCanonicalName).sorted().collect(Collectors.joining(", ")));
            }
            return sb.toString();
        }

        /** A member's kind (field 0, constructor 1, method 2), name and line, by which members sort. */
        private record Line(int kind, String name, String text) {
        }

        private static List<String> members(Class<?> type) {
            List<String> out = new ArrayList<>();
            // enum constants in declaration order: reordering them changes ordinal() and compareTo
            for (Object constant : type.isEnum() ? type.getEnumConstants() : new Object[0]) {
                out.add("enum constant " + ((Enum<?>) constant).name());
            }
            List<Line> lines = new ArrayList<>();
            for (Field f : type.getDeclaredFields()) {
                if (visible(f) && !f.isEnumConstant()) {
                    lines.add(new Line(0, f.getName(), field(f)));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c)) {
                    lines.add(new Line(1, "", words("constructor", annotations(c), modifiers(c),
                            signature(c, type.getSimpleName()))));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m) && !m.isBridge()) {
                    lines.add(new Line(2, m.getName(), words("method", annotations(m), modifiers(m),
                            m.isDefault() ? "default" : "", typeParameters(m.getTypeParameters()),
                            name(m.getGenericReturnType()), signature(m, m.getName()))));
                }
            }
            lines.sort(Comparator.comparingInt(Line::kind).thenComparing(Line::name).thenComparing(Line::text));
            lines.forEach(l -> out.add(l.text()));
            return out;
        }

        private static boolean visible(Member m) {
            return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
        }

        private static String field(Field f) {
            int constant = Modifier.STATIC | Modifier.FINAL;
            boolean hasValue = (f.getModifiers() & constant) == constant
                    && (f.getType().isPrimitive() || f.getType() == String.class);
            return words("field", annotations(f), modifiers(f), name(f.getGenericType()), f.getName(),
                    hasValue ? "= " + constantValue(f) : "");
        }

        /** A constant's value, which callers compile into their own classes. */
        private static String constantValue(Field f) {
            try {
                Object value = f.get(null);
                return value instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'
                        : String.valueOf(value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The name, the generic parameter types (a last varargs one as {@code T...}) and the throws clause. */
        private static String signature(Executable e, String name) {
            Type[] parameters = e.getGenericParameterTypes();
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < parameters.length; i++) {
                String p = name(parameters[i]);
                shown.add(e.isVarArgs() && i == parameters.length - 1 ? p.substring(0, p.length() - 2) + "..." : p);
            }
            Type[] exceptions = e.getGenericExceptionTypes();
            String throwsClause = exceptions.length == 0 ? "" : " throws " + names(exceptions);
            return name + "(" + String.join(", ", shown) + ")" + throwsClause;
        }

        private static String modifiers(Member m) {
            return Modifier.toString(m.getModifiers() & SHOWN_MODIFIERS);
        }

        /** {@code @API(...)} and {@code @Deprecated(...)} as they appear on an element; empty for neither. */
        private static String annotations(AnnotatedElement element) {
            API api = element.getAnnotation(API.class);
            Deprecated deprecated = element.getAnnotation(Deprecated.class);
            return words(api == null ? "" : "@API(status = " + api.status() + ", since = \"" + api.since() + "\")",
                    deprecated == null ? "" : "@Deprecated(since = \"" + deprecated.since() + "\", forRemoval = "
                            + deprecated.forRemoval() + ")");
        }

        /** The non-empty parts joined by single spaces. */
        private static String words(String... parts) {
            return Arrays.stream(parts).filter(p -> !p.isEmpty()).collect(Collectors.joining(" "));
        }

        private static String typeParameters(TypeVariable<?>[] variables) {
            if (variables.length == 0) {
                return "";
            }
            return Arrays.stream(variables).map(v -> {
                List<Type> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).toList();
                return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + names(bounds.toArray(Type[]::new))
                        .replace(", ", " & ");
            }).collect(Collectors.joining(", ", "<", ">"));
        }

        private static String names(Type[] types) {
            return Arrays.stream(types).map(ApiListing::name).collect(Collectors.joining(", "));
        }

        /** A type as source code writes it, with canonical names: {@code java.util.List<org.x.Packet>}. */
        private static String name(Type type) {
            if (type instanceof Class<?> c) {
                return c.isArray() ? name(c.getComponentType()) + "[]" : Objects.requireNonNull(c.getCanonicalName(),
                        () -> "a type without a canonical name in the API: " + c.getName());
            }
            if (type instanceof ParameterizedType p) {
                String raw = p.getOwnerType() instanceof ParameterizedType owner
                        ? name(owner) + "." + ((Class<?>) p.getRawType()).getSimpleName()
                        : name(p.getRawType());
                return raw + "<" + names(p.getActualTypeArguments()) + ">";
            }
            if (type instanceof GenericArrayType a) {
                return name(a.getGenericComponentType()) + "[]";
            }
            if (type instanceof WildcardType w) {
                if (w.getLowerBounds().length > 0) {
                    return "? super " + names(w.getLowerBounds());
                }
                Type[] upper = w.getUpperBounds();
                return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + names(upper);
            }
            if (type instanceof TypeVariable<?> v) {
                return v.getName();
            }
            throw new IllegalArgumentException("a type of an unknown kind: " + type);
        }
    }

    /**
     * A line diff in unified style: the edit script of a longest common subsequence, shown in hunks
     * with {@value #CONTEXT} lines of context, each headed by its line ranges and the type line above
     * it (as {@code git diff} heads a hunk with its function).
     */
    private static final class LineDiff {

        private static final int CONTEXT = 3;

        /** One line of the edit script: {@code ' '} kept, {@code '-'} removed, {@code '+'} added. */
        private record Edit(char op, String text, int oldLine, int newLine) {
        }

        private final List<Edit> edits;
        private final List<String> before;

        private LineDiff(List<Edit> edits, List<String> before) {
            this.edits = edits;
            this.before = before;
        }

        static LineDiff between(List<String> before, List<String> after) {
            int n = before.size();
            int m = after.size();
            // lcs[i][j]: the length of a longest common subsequence of before[i..] and after[j..]
            int[][] lcs = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    lcs[i][j] = before.get(i).equals(after.get(j)) ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            List<Edit> edits = new ArrayList<>();
            int i = 0;
            int j = 0;
            while (i < n && j < m) {
                if (before.get(i).equals(after.get(j))) {
                    edits.add(new Edit(' ', before.get(i), i++, j++));
                } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                    // on a tie the removal comes first, so a changed line shows as - then +
                    edits.add(new Edit('-', before.get(i), i++, j));
                } else {
                    edits.add(new Edit('+', after.get(j), i, j++));
                }
            }
            while (i < n) {
                edits.add(new Edit('-', before.get(i), i++, j));
            }
            while (j < m) {
                edits.add(new Edit('+', after.get(j), i, j++));
            }
            return new LineDiff(List.copyOf(edits), before);
        }

        boolean isEmpty() {
            return added() == 0 && removed() == 0;
        }

        int added() {
            return (int) edits.stream().filter(e -> e.op == '+').count();
        }

        int removed() {
            return (int) edits.stream().filter(e -> e.op == '-').count();
        }

        /** The hunks, one line per line of the edit script around each change; empty when nothing differs. */
        String render() {
            List<Integer> changes = new ArrayList<>();
            for (int k = 0; k < edits.size(); k++) {
                if (edits.get(k).op != ' ') {
                    changes.add(k);
                }
            }
            List<String> out = new ArrayList<>();
            int c = 0;
            while (c < changes.size()) {
                int first = changes.get(c);
                int last = first;
                // changes with no more than two contexts of kept lines between them share a hunk
                while (c + 1 < changes.size() && changes.get(c + 1) - last - 1 <= 2 * CONTEXT) {
                    last = changes.get(++c);
                }
                c++;
                List<Edit> hunk = edits.subList(Math.max(0, first - CONTEXT),
                        Math.min(edits.size(), last + 1 + CONTEXT));
                out.add(hunkHeader(hunk));
                hunk.forEach(e -> out.add(e.op + e.text));
            }
            return String.join("\n", out);
        }

        private String hunkHeader(List<Edit> hunk) {
            Edit first = hunk.get(0);
            long oldCount = hunk.stream().filter(e -> e.op != '+').count();
            long newCount = hunk.stream().filter(e -> e.op != '-').count();
            // as in unified diffs, an empty range names the line before it
            String header = "@@ -" + (first.oldLine + (oldCount == 0 ? 0 : 1)) + "," + oldCount
                    + " +" + (first.newLine + (newCount == 0 ? 0 : 1)) + "," + newCount + " @@";
            for (int line = first.oldLine - 1; line >= 0; line--) {
                String text = before.get(line);
                if (!text.isEmpty() && !text.startsWith(" ") && !text.startsWith("#")) {
                    return header + " " + text;
                }
            }
            return header;
        }
    }
}
