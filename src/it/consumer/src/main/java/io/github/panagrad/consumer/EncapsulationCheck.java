package io.github.panagrad.consumer;

import io.github.panagrad.Tensor;

import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Checks from the outside that an application cannot reach the library's internals: the
 * accessor of tensor storage in the non-exported package {@code io.github.panagrad.internal}
 * can be neither replaced nor obtained. Run before anything else touches {@link Tensor}, so a
 * foreign installation would come first if it could. On the module path the package cannot
 * even be used ({@link IllegalAccessException}) and {@code Tensor}'s private state is closed
 * to reflection; on the class path the accessor refuses the application's accessor and the
 * application as a caller, and the jar's packages are sealed, so no class of the application
 * can join them.
 */
final class EncapsulationCheck {

    private static final String ACCESSOR = "io.github.panagrad.internal.TensorAccess";

    private EncapsulationCheck() {
    }

    /** @return what refused which attempt */
    static String run(boolean onModulePath) {
        Class<?> accessor;
        try {
            accessor = Class.forName(ACCESSOR, false, Tensor.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new CheckFailure("the jar has no " + ACCESSOR + ": " + e);
        }
        String install = refusal(accessor, "install", accessor);
        String get = refusal(accessor, "get");
        if (onModulePath) {
            CheckFailure.unless(install.equals(IllegalAccessException.class.getSimpleName()) && install.equals(get),
                    "on the module path the internal package must not be accessible: install " + install + ", get " + get);
            try {
                Tensor.class.getDeclaredField("data").setAccessible(true);
                throw new CheckFailure("Tensor's private field 'data' was opened to reflection on the module path");
            } catch (InaccessibleObjectException expected) {
                return "internals refused (install, get: " + install + "; Tensor's fields closed to reflection)";
            } catch (NoSuchFieldException e) {
                throw new CheckFailure("Tensor has no field 'data' to check: " + e);
            }
        }
        CheckFailure.unless(install.equals(IllegalArgumentException.class.getSimpleName()),
                "on the class path install() must refuse an accessor that is not Tensor's, got " + install);
        CheckFailure.unless(get.equals(IllegalCallerException.class.getSimpleName()),
                "on the class path get() must refuse a class of the application, got " + get);
        CheckFailure.unless(Tensor.class.getPackage().isSealed() && accessor.getPackage().isSealed(),
                "the jar's packages are not sealed");
        return "internals refused (install: " + install + ", get: " + get + "; packages sealed)";
    }

    /**
     * Calls the public static method {@code name} of {@code type} with null arguments.
     *
     * @return the simple name of the exception that refused the call
     * @throws CheckFailure when the call succeeded
     */
    private static String refusal(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getMethod(name, parameters);
            method.invoke(null, new Object[parameters.length]);
        } catch (InvocationTargetException e) {
            return e.getCause().getClass().getSimpleName();
        } catch (IllegalAccessException e) {
            return e.getClass().getSimpleName();
        } catch (NoSuchMethodException e) {
            throw new CheckFailure(type.getName() + " has no method " + name + ": " + e);
        }
        throw new CheckFailure(type.getName() + "." + name + " was callable from the application");
    }
}
