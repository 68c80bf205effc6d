package io.github.panagrad;

import io.github.panagrad.nn.Layer;
import io.github.panagrad.nn.Loss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ModuleReader;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages the module descriptor exports let outside code reach no tensor's storage and
 * no internal node: every public type and every member outside code can use (public ones, and
 * protected ones of types it can extend) is checked against the ways in: a method handing out
 * a {@code float[]}, a method outside code overrides that receives one, a signature naming a
 * type of a package that is not exported, a second public entry to a tensor operation, and a
 * static method taking a hook the library would call (an installer).
 */
class ExportedApiTest {

    private static ModuleDescriptor descriptor;
    private static List<Class<?>> exportedTypes;

    @BeforeAll
    static void readTheModule() throws IOException, URISyntaxException {
        Path location = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleReference module = ModuleFinder.of(location).findAll().iterator().next();
        descriptor = module.descriptor();
        assertEquals("io.github.panagrad", descriptor.name());
        Set<String> exported = exportedPackages();
        try (ModuleReader reader = module.open(); Stream<String> resources = reader.list()) {
            exportedTypes = resources.filter(name -> name.endsWith(".class") && !name.equals("module-info.class"))
                    .filter(name -> exported.contains(name.substring(0, name.lastIndexOf('/')).replace('/', '.')))
                    .map(ExportedApiTest::load)
                    .filter(ExportedApiTest::isVisibleOutside)
                    .collect(Collectors.toList());
        }
    }

    private static Set<String> exportedPackages() {
        return descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }

    private static Class<?> load(String resource) {
        String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
        try {
            return Class.forName(name, false, Tensor.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** A type outside code can name: public, and nested only in such types. */
    private static boolean isVisibleOutside(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** A type whose subclasses or implementations outside code can write. */
    private static boolean isExtensibleOutside(Class<?> type) {
        if (type.isSealed() || Modifier.isFinal(type.getModifiers()) || type.isEnum() || type.isRecord()) {
            return false;
        }
        return type.isInterface() || Stream.of(type.getDeclaredConstructors())
                .anyMatch(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()));
    }

    /** A member outside code can use: public, or protected in a type it can extend. */
    private static boolean isUsableOutside(Member member) {
        int modifiers = member.getModifiers();
        return !member.isSynthetic() && (Modifier.isPublic(modifiers)
                || (Modifier.isProtected(modifiers) && isExtensibleOutside(member.getDeclaringClass())));
    }

    private static List<Executable> usableExecutables() {
        List<Executable> executables = new ArrayList<>();
        for (Class<?> type : exportedTypes) {
            Stream.concat(Stream.of(type.getDeclaredMethods()), Stream.of(type.getDeclaredConstructors()))
                    .filter(e -> !(e instanceof Method && ((Method) e).isBridge()))
                    .filter(ExportedApiTest::isUsableOutside).forEach(executables::add);
        }
        return executables;
    }

    private static String describe(Executable executable) {
        return executable.getDeclaringClass().getName() + "." + executable.getName()
                + Stream.of(executable.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    private static boolean isFloatArray(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return type.isArray() && element == float.class;
    }

    private static boolean mentionsTensor(Executable executable) {
        return Stream.of(executable.getParameterTypes()).anyMatch(t -> t == Tensor.class)
                || (executable instanceof Method && ((Method) executable).getReturnType() == Tensor.class);
    }

    @Test
    void theExportedPackagesAreTheUserFacingOnes() {
        assertEquals(Set.of("io.github.panagrad", "io.github.panagrad.autograd", "io.github.panagrad.kernel",
                "io.github.panagrad.nn", "io.github.panagrad.optim"), exportedPackages());
        assertTrue(exportedTypes.contains(Tensor.class) && exportedTypes.contains(Layer.class),
                "the scan found the exported types");
    }

    /**
     * No usable method returns a float array, and no field is one, except {@link Tensor#toArray()},
     * which must return a copy: changing what it returned leaves the tensor as it was.
     */
    @Test
    void noMemberHandsOutAFloatArrayButTensorsCopy() throws NoSuchMethodException {
        Method toArray = Tensor.class.getMethod("toArray");
        List<String> offenders = new ArrayList<>();
        for (Executable executable : usableExecutables()) {
            if (executable instanceof Method && isFloatArray(((Method) executable).getReturnType())
                    && !executable.equals(toArray)) {
                offenders.add(describe(executable));
            }
        }
        for (Class<?> type : exportedTypes) {
            for (Field field : type.getDeclaredFields()) {
                if (isUsableOutside(field) && field.getType().isArray()) {
                    offenders.add(type.getName() + "." + field.getName());
                }
            }
        }
        assertEquals(List.of(), offenders, "members that hand out arrays");
        Tensor tensor = Tensor.of(new float[] {1, 2}, 2);
        tensor.toArray()[0] = 99;
        assertEquals(1f, tensor.toArray()[0], "toArray() returns a copy");
    }

    /** A method that outside code overrides or implements must not be handed arrays, which would be the library's storage. */
    @Test
    void noMethodOutsideCodeOverridesReceivesAFloatArray() {
        List<String> offenders = usableExecutables().stream()
                .filter(e -> e instanceof Method && isExtensibleOutside(e.getDeclaringClass()))
                .filter(e -> !Modifier.isStatic(e.getModifiers()) && !Modifier.isFinal(e.getModifiers()))
                .filter(e -> Stream.of(e.getParameterTypes()).anyMatch(ExportedApiTest::isFloatArray))
                .map(ExportedApiTest::describe).collect(Collectors.toList());
        assertEquals(List.of(), offenders, "overridable methods that receive arrays");
    }

    /** Types of the module's other packages (the internal machinery, the CLI) appear in no usable signature. */
    @Test
    void noSignatureNamesATypeOfAPackageThatIsNotExported() {
        Set<String> hidden = new HashSet<>(descriptor.packages());
        hidden.removeAll(exportedPackages());
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : exportedTypes) {
            List<Type> header = new ArrayList<>(List.of(type.getGenericInterfaces()));
            header.add(type.getGenericSuperclass());
            header.forEach(t -> reportHidden(t, hidden, type.getName() + " extends ", offenders));
            for (Field field : type.getDeclaredFields()) {
                if (isUsableOutside(field)) {
                    reportHidden(field.getGenericType(), hidden, type.getName() + "." + field.getName() + " is a ",
                            offenders);
                }
            }
        }
        for (Executable executable : usableExecutables()) {
            List<Type> signature = new ArrayList<>(List.of(executable.getGenericParameterTypes()));
            signature.addAll(List.of(executable.getGenericExceptionTypes()));
            if (executable instanceof Method) {
                signature.add(((Method) executable).getGenericReturnType());
            }
            signature.forEach(t -> reportHidden(t, hidden, describe(executable) + " names ", offenders));
        }
        assertEquals(List.of(), offenders, "signatures naming types that are not exported");
    }

    /** Adds {@code where} and the name of each class in {@code hidden} packages that {@code type} names. */
    private static void reportHidden(Type type, Set<String> hidden, String where, List<String> offenders) {
        if (type != null) {
            namedClasses(type).stream().filter(c -> hidden.contains(c.getPackageName()))
                    .forEach(c -> offenders.add(where + c.getName()));
        }
    }

    /** The classes a type names, through arrays, type arguments and bounds. */
    private static Set<Class<?>> namedClasses(Type type) {
        Set<Class<?>> classes = new HashSet<>();
        collect(type, classes, new HashSet<>());
        return classes;
    }

    private static void collect(Type type, Set<Class<?>> classes, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?>) {
            Class<?> c = (Class<?>) type;
            classes.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            collect(parameterized.getRawType(), classes, seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, classes, seen);
            }
        } else if (type instanceof GenericArrayType) {
            collect(((GenericArrayType) type).getGenericComponentType(), classes, seen);
        } else if (type instanceof WildcardType) {
            Stream.concat(Stream.of(((WildcardType) type).getUpperBounds()), Stream.of(((WildcardType) type).getLowerBounds()))
                    .forEach(bound -> collect(bound, classes, seen));
        } else if (type instanceof TypeVariable<?>) {
            for (Type bound : ((TypeVariable<?>) type).getBounds()) {
                collect(bound, classes, seen);
            }
        }
    }

    /**
     * Tensor operations have one public entry each: a Tensor method, a layer, or (for losses,
     * which Tensor has no method for) a {@link Loss} function. A public static method taking or
     * returning a tensor anywhere else (an op class's {@code apply}, the engine's
     * {@code backward}, a storage accessor) is a second way in.
     */
    @Test
    void noPublicStaticEntryToTensorsBesideTensorAndLoss() {
        List<String> offenders = usableExecutables().stream()
                .filter(e -> e instanceof Method && Modifier.isStatic(e.getModifiers()) && mentionsTensor(e))
                .filter(e -> e.getDeclaringClass() != Tensor.class && e.getDeclaringClass() != Loss.class)
                .map(ExportedApiTest::describe).collect(Collectors.toList());
        assertEquals(List.of(), offenders, "static entry points beside Tensor and Loss");
    }

    /**
     * No static method takes an object of the library's own type that outside code could
     * implement: that would install a hook the library calls (as an accessor of the tensors'
     * internals would be).
     */
    @Test
    void noStaticMethodInstallsAHook() {
        List<String> offenders = usableExecutables().stream()
                .filter(e -> e instanceof Method && Modifier.isStatic(e.getModifiers()))
                .filter(e -> Stream.of(e.getParameterTypes())
                        .anyMatch(t -> descriptor.packages().contains(t.getPackageName()) && isExtensibleOutside(t)))
                .map(ExportedApiTest::describe).collect(Collectors.toList());
        assertEquals(List.of(), offenders, "static methods taking implementable types of the library");
    }

    /**
     * Outside code implements {@link Layer} (its own layers) and nothing else of the module:
     * the gradient function, the no-grad scope and the optimizers are sealed, so no outside
     * implementation can stand in for the library's or be handed its internals.
     */
    @Test
    void onlyLayerIsOpenToOutsideImplementations() {
        List<Class<?>> extensible = exportedTypes.stream().filter(ExportedApiTest::isExtensibleOutside)
                .collect(Collectors.toList());
        assertEquals(List.of(Layer.class), extensible);
        assertFalse(isExtensibleOutside(io.github.panagrad.autograd.GradFn.class));
    }
}
