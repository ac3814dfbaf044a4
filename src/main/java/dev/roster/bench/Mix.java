package dev.roster.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The share of each kind of request, as in {@code update=90,get=10}. {@link #sequence()} interleaves the
 * kinds evenly (smooth weighted round robin), so that every stretch of the run has the same mix.
 */
public record Mix(Map<BenchAction, Integer> weights) {

    public Mix {
        weights = Collections.unmodifiableMap(new EnumMap<>(weights));
        if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w < 0)
                || weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException(
                    "--mix needs at least one kind with a weight above 0, e.g. update=90,get=10");
        }
    }

    /** Parses {@code kind=weight[,kind=weight...]}; kinds are update, get and noop. */
    public static Mix parse(String text) {
        Map<BenchAction, Integer> weights = new EnumMap<>(BenchAction.class);
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("--mix must look like update=90,get=10, got '" + text + "'");
            }
            int weight;
            try {
                weight = Integer.parseInt(pair[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix weights are whole numbers, got '" + pair[1] + "'");
            }
            if (weights.put(BenchAction.byMixName(pair[0].strip()), weight) != null) {
                throw new IllegalArgumentException("--mix names " + pair[0].strip() + " twice");
            }
        }
        return new Mix(weights);
    }

    public static Mix only(BenchAction action) {
        return new Mix(Map.of(action, 1));
    }

    /** The kinds with a weight above 0. */
    public List<BenchAction> actions() {
        return weights.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    }

    /** One period of the interleaved order; its length is the sum of the weights divided by their gcd. */
    public List<BenchAction> sequence() {
        int gcd = weights.values().stream().filter(w -> w > 0).reduce(0, Mix::gcd);
        Map<BenchAction, Integer> reduced = new EnumMap<>(BenchAction.class);
        weights.forEach((action, weight) -> {
            if (weight > 0) {
                reduced.put(action, weight / gcd);
            }
        });
        int total = reduced.values().stream().mapToInt(Integer::intValue).sum();
        Map<BenchAction, Integer> credit = new EnumMap<>(BenchAction.class);
        List<BenchAction> order = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            BenchAction next = null;
            for (Map.Entry<BenchAction, Integer> entry : reduced.entrySet()) {
                int c = credit.merge(entry.getKey(), entry.getValue(), Integer::sum);
                if (next == null || c > credit.get(next)) {
                    next = entry.getKey();
                }
            }
            credit.merge(next, -total, Integer::sum);
            order.add(next);
        }
        return order;
    }

    @Override
    public String toString() {
        return weights.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().mixName() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
