package io.github.panagrad.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.kernel.Kernels;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the facade: one entry per public kernel of {@link Kernels}, whose parameters
 * are the method's, by name and type, in order; and what it generates is what it describes.
 */
class KernelCatalogueTest {

    /** The public instance methods of the facade that take arguments: its kernels. */
    private static List<Method> facadeKernels() {
        return Arrays.stream(Kernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0)
                .collect(Collectors.toList());
    }

    @Test
    void everyKernelOfTheFacadeHasOneEntry() {
        Set<String> kernels = facadeKernels().stream().map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        List<String> entries = KernelCatalogue.all().stream().map(KernelEntry::name).toList();
        assertEquals(kernels, new TreeSet<>(entries));
        assertEquals(entries.size(), new TreeSet<>(entries).size(), "an entry twice: " + entries);
        assertEquals(19, entries.size());
    }

    /** Needs the main classes compiled with {@code -parameters}, as the build does. */
    @Test
    void everyEntryHasTheParametersOfItsMethodInOrder() {
        for (Method method : facadeKernels()) {
            assertTrue(method.getParameters()[0].isNamePresent(), "compile with -parameters");
            List<String> expected = Arrays.stream(method.getParameters()).map(p -> p.getType().getSimpleName() + " "
                    + p.getName()).toList();
            List<String> described = new ArrayList<>();
            for (Parameter parameter : KernelCatalogue.entry(method.getName()).parameters()) {
                List<String> names = parameter instanceof Parameter.Operand operand
                        ? operand.matrix() ? List.of(operand.name(), operand.offsetName(), operand.leadingDimensionName())
                        : List.of(operand.name(), operand.offsetName())
                        : List.of(parameter.name());
                for (int i = 0; i < names.size(); i++) {
                    described.add(parameter.javaTypes().get(i).getSimpleName() + " " + names.get(i));
                }
            }
            assertEquals(expected, described, method.getName());
        }
    }

    /**
     * Generated calls are what the entry describes: the counts, the scalars of each variant's
     * alternatives within their rules, in-place layouts exactly on their input, every element
     * outside the windows a sentinel NaN, unread windows NaN.
     */
    @Test
    void generatedCallsKeepTheirDescription() {
        Map<String, Integer> variants = new TreeMap<>();
        for (KernelEntry entry : KernelCatalogue.all()) {
            assertFalse(entry.variants().isEmpty(), entry.name());
            variants.put(entry.name(), entry.variants().size());
            for (Variant variant : entry.variants()) {
                Call call = entry.generate(new Random(variant.label().hashCode()), 9, Values.REGULAR, variant);
                for (Parameter.Scalar scalar : entry.scalars()) {
                    assertTrue(scalar.rule().accepts(call.get(scalar.name())), entry + " " + variant + ": " + call);
                }
                entry.constraints().forEach(c -> assertTrue(c.holds().test(call), entry + " " + variant));
                KernelEntry.Layout layout = entry.layouts().get(variant.choices().getOrDefault(Variant.LAYOUT, 0));
                if (layout.inPlace()) {
                    assertTrue(call.a(layout.first()) == call.a(layout.second())
                            && call.i(layout.first() + "Off") == call.i(layout.second() + "Off"), entry + " " + variant);
                }
                assertSentinelsOutsideWindows(entry, call);
            }
        }
        assertEquals(Map.ofEntries(Map.entry("gemm", 48), Map.entry("relu", 2), Map.entry("reluBackward", 4),
                Map.entry("axpy", 4), Map.entry("add", 4), Map.entry("sub", 4), Map.entry("mul", 4), Map.entry("scale", 4),
                Map.entry("addScalar", 4), Map.entry("mulAdd", 4), Map.entry("transpose", 1), Map.entry("addRowVector", 3),
                Map.entry("columnSums", 3), Map.entry("sum", 1), Map.entry("dot", 2), Map.entry("mse", 2),
                Map.entry("mseBackward", 8), Map.entry("sgdStep", 20), Map.entry("adamStep", 8)), variants);
    }

    private static void assertSentinelsOutsideWindows(KernelEntry entry, Call call) {
        for (Parameter.Operand operand : entry.operands()) {
            float[] array = call.a(operand.name());
            if (array == null) {
                continue;
            }
            Window window = operand.window(call);
            boolean unread = operand.unread().test(call);
            for (int i = 0; i < array.length; i++) {
                boolean inSomeWindow = false;
                for (Parameter.Operand other : entry.operands()) {
                    inSomeWindow |= call.a(other.name()) == array && other.window(call).contains(i);
                }
                if (!inSomeWindow) {
                    assertTrue(Float.isNaN(array[i]) && (Float.floatToRawIntBits(array[i]) & 0x7fe0_0000) == 0x7fe0_0000,
                            entry + ": " + operand.name() + "[" + i + "] outside every window is " + array[i]);
                } else if (unread && window.contains(i)) {
                    assertTrue(Float.isNaN(array[i]), entry + ": the unread " + operand.name() + "[" + i + "]");
                }
            }
        }
    }
}
