package org.vdpacheck.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the datapath benchmarks in one JMH run and prints them as one table, with the ratios of
 * the reference to the datapath. {@code --short} (the README's bench command, under two minutes)
 * uses one 0.5 s warm-up and two 0.5 s measurements per benchmark; the default is the benchmarks'
 * own 3 × 1 s warm-up and 5 × 1 s measurement in one fork.
 */
public final class BenchTable {
    private BenchTable() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = args.length > 0 && args[0].equals("--short");
        OptionsBuilder b = new OptionsBuilder();
        b.include(TranslateBench.class.getName()).include(RebuildBench.class.getName())
                .include(LoopbackBench.class.getName()).forks(1);
        if (quick) {
            b.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(500)).verbosity(VerboseMode.SILENT);
        }
        Options options = b.build();
        Collection<RunResult> results = new Runner(options).run();

        // benchmark method → (params) → score
        Map<String, Map<String, Double>> score = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            String key = String.join("/", r.getParams().getParamsKeys().stream().map(r.getParams()::getParam).toList());
            score.computeIfAbsent(method, k -> new TreeMap<>()).put(key, r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("translate() of one DMA, ns/op (lower is better)");
        System.out.printf("%-9s %-11s %10s %10s %10s %11s %11s%n", "mappings", "access", "reference", "region",
                "cached", "ref/region", "ref/cached");
        for (String mappings : new String[] {"16", "1024", "65536"}) {
            for (String pattern : new String[] {"random", "sequential"}) {
                String k = mappings + "/" + pattern;
                double ref = get(score, "reference", k);
                double region = get(score, "region", k);
                double cached = get(score, "cached", k);
                System.out.printf("%-9s %-11s %10.1f %10.1f %10.1f %10.1fx %10.1fx%n", mappings, pattern, ref, region,
                        cached, ref / region, ref / cached);
            }
        }
        System.out.println();
        System.out.println("rebuild of the region after a batch of n updates, us/op");
        for (String n : new String[] {"16", "1024", "65536"}) {
            System.out.printf("%-9s %10.1f%n", n, get(score, "rebuild", n));
        }
        System.out.println();
        System.out.println("packets through the vdpa_sim_net loopback, packets/s");
        for (String bytes : new String[] {"64", "1500"}) {
            System.out.printf("%-9s %10.0f%n", bytes + " B", get(score, "packet", bytes));
        }
    }

    private static double get(Map<String, Map<String, Double>> score, String method, String key) {
        return score.getOrDefault(method, Map.of()).getOrDefault(key, Double.NaN);
    }
}
