package dev.aiim.contracts;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Builds message records with every component set (or with the nullable ones left null), by reflection. */
final class SampleMessages {

    private SampleMessages() {
    }

    static Object full(Class<?> record) {
        return build(record, false);
    }

    static Object withNullsWherePermitted(Class<?> record) {
        return build(record, true);
    }

    private static Object build(Class<?> record, boolean nulls) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            boolean leaveNull = nulls && component.isAnnotationPresent(Nullable.class);
            args[i] = leaveNull ? null : sample(component.getGenericType(), component.getName(), nulls);
        }
        try {
            Constructor<?> constructor = record.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sample(Type type, String name, boolean nulls) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return List.of(sample(args[0], name, nulls));
            }
            return Map.of("key", args[1] == Object.class ? Map.of("nested", 1) : sample(args[1], name, nulls));
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            return "sample-" + name;
        }
        if (cls == Instant.class) {
            return Instant.parse("2026-03-17T09:15:00Z");
        }
        if (cls == LocalDate.class) {
            return LocalDate.parse("2026-04-01");
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return true;
        }
        if (cls == int.class || cls == Integer.class) {
            return 7;
        }
        if (cls == long.class || cls == Long.class) {
            return 42L;
        }
        if (cls == double.class || cls == Double.class) {
            return 0.5d;
        }
        if (cls.isEnum()) {
            return cls.getEnumConstants()[0];
        }
        if (cls.isRecord()) {
            return build(cls, nulls);
        }
        throw new IllegalArgumentException("No sample for " + cls.getName());
    }
}
