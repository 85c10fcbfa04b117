package org.covertmark.core.plugin;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.covertmark.api.strategy.DetectionStrategy;
import org.slf4j.Logger;

/** Builds plugin jars at test time: compiles sources against the API and SLF4J alone, and packs them. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (class name to source text) in a new directory under {@code build},
     * adds {@code resources} (path to text) and writes the jar.
     */
    static Path jar(Path build, Path jar, Map<String, String> sources, Map<String, String> resources) {
        try {
            Path work = Files.createTempDirectory(Files.createDirectories(build), "jar-");
            Path src = work.resolve("src");
            Path classes = work.resolve("classes");
            Files.createDirectories(classes);
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                    "-classpath", location(DetectionStrategy.class) + File.pathSeparator + location(Logger.class)));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            if (!sources.isEmpty()) {
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
                int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
                if (status != 0) {
                    throw new IllegalStateException("javac failed with status " + status + ": "
                            + diagnostics.toString(StandardCharsets.UTF_8));
                }
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                Path file = classes.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            Files.createDirectories(jar.getParent());
            try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code META-INF/services} entry that registers {@code classes} as strategies. */
    static Map<String, String> services(String... classes) {
        return Map.of("META-INF/services/" + DetectionStrategy.class.getName(),
                String.join("\n", classes) + "\n");
    }

    /** A strategy class whose description is {@code descriptionExpression}, a Java expression. */
    static String strategy(String className, String name, String descriptionExpression) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import org.covertmark.api.strategy.*;\n"
                + "public final class " + className.substring(dot + 1) + " implements DetectionStrategy {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return " + descriptionExpression + "; }\n"
                + "  public Decisions decide(StrategyContext c, TraceView trace, Config config) {\n"
                + "    return Decisions.packets(trace).build();\n"
                + "  }\n"
                + "}\n";
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
