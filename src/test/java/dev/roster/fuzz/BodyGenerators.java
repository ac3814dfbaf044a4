package dev.roster.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of request bodies for the five Actions: well-formed ones with every field drawn from a mix
 * of valid and hostile JSON (wrong types, deep nesting, huge numbers, NaN, surrogates, long strings),
 * then, sometimes, damaged as bytes (invalid UTF-8, duplicate keys, truncation, trailing garbage).
 */
final class BodyGenerators {
    static final List<String> ACTIONS =
            List.of("RegisterUsers", "BatchUpdateUser", "BatchGetUser", "UnRegisterUsers", "BatchUpdateUserTags");

    private BodyGenerators() {}

    /** Any body for {@code action}, with user ids drawn from {@code userIds}. */
    static Arbitrary<byte[]> body(String action, Arbitrary<String> userIds) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(50, ordinaryBody(action, userIds)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(100_000, 1_200_000)
                        .map(n -> ("{\"AppId\":1,\"Pad\":\"" + "p".repeat(n) + "\"}").getBytes(StandardCharsets.UTF_8))));
    }

    private static Arbitrary<byte[]> ordinaryBody(String action, Arbitrary<String> userIds) {
        Arbitrary<String> json = switch (action) {
            case "RegisterUsers" -> object(field("AppId", appId()), field("Users", array(user(userIds, true), 3)));
            case "BatchUpdateUser" -> object(field("AppId", appId()), field("Users", array(user(userIds, false), 3)));
            case "BatchUpdateUserTags" -> object(field("AppId", appId()), field("UserIds", array(userIds, 4)),
                    field("Tags", tags()), field("Op", Arbitraries.oneOf(Arbitraries.of("0", "1"), anyValue())));
            default -> object(field("AppId", appId()), field("UserIds", array(userIds, 4)));
        };
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, json.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(3, Combinators.combine(json, damage()).as((s, d) -> d.apply(s))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
    }

    /** Text of one JSON member: {@code "name":value}, sometimes left out, sometimes null. */
    static Arbitrary<String> field(String name, Arbitrary<String> value) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, value.map(v -> "\"" + name + "\":" + v)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("\"" + name + "\":null")));
    }

    @SafeVarargs
    static Arbitrary<String> object(Arbitrary<String>... fields) {
        return Combinators.combine(List.of(fields)).as(parts -> "{" + String.join(",",
                parts.stream().filter(p -> !p.isEmpty()).toList()) + "}");
    }

    static Arbitrary<String> array(Arbitrary<String> element, int max) {
        return Arbitraries.oneOf(
                element.list().ofMinSize(1).ofMaxSize(max).map(l -> "[" + String.join(",", l) + "]"),
                element.list().ofMinSize(0).ofMaxSize(60).map(l -> "[" + String.join(",", l) + "]"),
                anyValue());
    }

    static Arbitrary<String> appId() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 3).map(String::valueOf), number(), anyValue());
    }

    static Arbitrary<String> user(Arbitrary<String> userIds, boolean register) {
        Arbitrary<String> fields = register
                ? object(field("UserId", userIds), field("NickName", text()), field("Portrait", text()),
                        field("Tags", tags()), field("Ext", ext()), field("IsRobot", Arbitraries.oneOf(
                                Arbitraries.of("true", "false"), anyValue())))
                : object(field("UserId", userIds), field("NickName", text()), field("Portrait", text()),
                        field("Tags", tags()), field("Ext", ext()));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, fields), net.jqwik.api.Tuple.of(1, anyValue()));
    }

    static Arbitrary<String> tags() {
        return Arbitraries.oneOf(text().list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.just("[]"), anyValue());
    }

    static Arbitrary<String> ext() {
        Arbitrary<String> entry = Combinators.combine(text(), text()).as((k, v) -> k + ":" + v);
        return Arbitraries.oneOf(entry.list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}"),
                Arbitraries.just("{}"), anyValue());
    }

    /** A JSON string: plain, escaped, with surrogates (paired or not), control escapes, or very long. */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.strings().alpha().numeric().ofMaxLength(20).map(s -> quote(s))),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40).map(BodyGenerators::quote)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"x\\udc00y\"",
                        "\"\\u0000\"", "\"😀中文\"", "\"\"", "\" \"", "\"s:reserved\"", "\"\\\"\"", "\"\\n\\t\"")),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(90, 2_000)
                        .map(n -> "\"" + "x".repeat(n) + "\"")),
                net.jqwik.api.Tuple.of(1, anyValue()));
    }

    /** Numbers that strain a parser: huge, tiny, fractional, exponents, non-numbers. */
    static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("0", "-0", "1.0", "1e2", "1E+2", "-1", "2147483648", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
                        "1e400", "-1e-400", "0.1", "NaN", "Infinity", "-Infinity", "1" + "0".repeat(900)),
                Arbitraries.doubles().map(String::valueOf));
    }

    /** Any JSON value, possibly deeply nested. */
    static Arbitrary<String> anyValue() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, number()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("true", "false", "null", "\"\"", "{}", "[]", "\"str\"")),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 120)
                        .map(d -> "[".repeat(d) + "]".repeat(d))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 60)
                        .map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d))),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> anyValue().list().ofMaxSize(3)
                        .map(l -> "[" + String.join(",", l) + "]"))));
    }

    /** What can happen to bytes on the way: a change that (almost always) breaks the JSON or its encoding. */
    interface Damage {
        byte[] apply(String json);
    }

    static Arbitrary<Damage> damage() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1000).map(at -> (Damage) json -> {
                    byte[] b = json.getBytes(StandardCharsets.UTF_8);
                    return java.util.Arrays.copyOf(b, Math.min(at, b.length));
                }),
                Arbitraries.of((byte) 0x80, (byte) 0xC0, (byte) 0xED, (byte) 0xFF, (byte) 0xF4).map(bad -> (Damage) json -> {
                    byte[] b = json.getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, b.length / 2);
                    out.write(bad);
                    out.write(b, b.length / 2, b.length - b.length / 2);
                    return out.toByteArray();
                }),
                Arbitraries.just((Damage) json -> json.replaceFirst("\\{", "{\"AppId\":1,")
                        .getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(" x", "}", ",", "\u0000", " {}").map(tail -> (Damage) json ->
                        (json + tail).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just((Damage) json -> json.replace(":", ": NaN ,").getBytes(StandardCharsets.UTF_8)));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
