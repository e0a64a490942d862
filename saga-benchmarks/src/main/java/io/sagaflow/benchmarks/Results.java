package io.sagaflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Everything one run measured, filled in section by section and then written by {@link Report}. */
final class Results {
    final Map<String, String> environment = Environment.describe();
    final List<LoadDriver.Result> sagaflowRounds = new ArrayList<>();
    final List<LoadDriver.Result> axonRounds = new ArrayList<>();
    /** Per round, the kernel's share of the machine's busy CPU time while Sagaflow ran, and while Axon ran. */
    final List<Double> sagaflowKernel = new ArrayList<>();
    final List<Double> axonKernel = new ArrayList<>();
    /** Per round, Sagaflow on the in-memory broker with direct dispatch, and the kernel's share while it ran. */
    final List<LoadDriver.Result> directRounds = new ArrayList<>();
    final List<Double> directKernel = new ArrayList<>();
    LoadDriver.@Nullable Result sagaflowOpen;
    LoadDriver.@Nullable Result directOpen;
    LoadDriver.@Nullable Result axonOpen;
    /** Sagaflow's open loop at lower arrival rates ({@link BenchmarkSuite#SWEEP}), lowest first. */
    final List<LoadDriver.Result> sagaflowSweep = new ArrayList<>();
    HotSpots.@Nullable Profile profile;
    @Nullable Ceiling noiseFloor;
    /** A bare hand-off and the JSON of a saga's values, with no engine; null where not measured. */
    InMemoryFloors.@Nullable Floors inMemoryFloors;
    final List<ScalingBench.InFlight> inFlight = new ArrayList<>();
    /** Per saga length, the median of its rounds by CPU per step, in the order of the lengths. */
    final List<ScalingBench.Steps> steps = new ArrayList<>();
    /** Each round of the saga lengths, measured one after another, in the order of the lengths. */
    final List<List<ScalingBench.Steps>> stepRounds = new ArrayList<>();
    final List<Ceiling> ceilings = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    DurableSagaBench.@Nullable Outcome durable;
    String durableSkipped = "";

    /** @return Sagaflow's open-loop window at the highest arrival rate below half that it kept up with, or null */
    LoadDriver.@Nullable Result highestKeptUp() {
        return sagaflowSweep.stream().filter(run -> !run.fellBehind())
                .max(java.util.Comparator.comparingDouble(LoadDriver.Result::arrivalsPerSecond)).orElse(null);
    }

    /** @return per saga length, its median round by CPU per step */
    static List<ScalingBench.Steps> medianSteps(List<List<ScalingBench.Steps>> rounds) {
        List<ScalingBench.Steps> medians = new ArrayList<>();
        for (int length = 0; !rounds.isEmpty() && length < rounds.getFirst().size(); length++) {
            List<ScalingBench.Steps> same = new ArrayList<>();
            for (List<ScalingBench.Steps> round : rounds) {
                same.add(round.get(length));
            }
            same.sort(java.util.Comparator.comparingDouble(ScalingBench.Steps::cpuMicrosPerStep));
            medians.add(same.get(same.size() / 2));
        }
        return medians;
    }

    /**
     * @return per round, the longest saga's CPU per step over the shortest's, both measured in that round: how far
     *     from linear the cost grew, compared at the same host speed
     */
    List<Double> stepSpreads() {
        List<Double> spreads = new ArrayList<>();
        for (List<ScalingBench.Steps> round : stepRounds) {
            spreads.add(round.getLast().cpuMicrosPerStep() / round.getFirst().cpuMicrosPerStep());
        }
        return spreads;
    }

    /** @return the median round of Sagaflow with direct dispatch, or null when it was not measured */
    LoadDriver.@Nullable Result directMedian() {
        return directRounds.isEmpty() ? null : median(directRounds);
    }

    static LoadDriver.Result median(List<LoadDriver.Result> rounds) {
        List<LoadDriver.Result> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingDouble(LoadDriver.Result::sagasPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** @return per round, Axon's CPU time per saga over Sagaflow's: how many times less CPU a Sagaflow saga costs */
    List<Double> cpuRatios() {
        return cpuRatios(sagaflowRounds);
    }

    /** @return per round, Sagaflow's rate over Axon's */
    List<Double> ratios() {
        return ratios(sagaflowRounds);
    }

    /**
     * @param sagaflow Sagaflow's rounds in one configuration, in the order they alternated with Axon's
     * @return per round, Axon's CPU time per saga over that configuration's
     */
    List<Double> cpuRatios(List<LoadDriver.Result> sagaflow) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(sagaflow.size(), axonRounds.size()); i++) {
            ratios.add(axonRounds.get(i).cpuMicrosPerSaga() / sagaflow.get(i).cpuMicrosPerSaga());
        }
        return ratios;
    }

    /**
     * @param sagaflow Sagaflow's rounds in one configuration, in the order they alternated with Axon's
     * @return per round, that configuration's rate over Axon's
     */
    List<Double> ratios(List<LoadDriver.Result> sagaflow) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(sagaflow.size(), axonRounds.size()); i++) {
            ratios.add(sagaflow.get(i).sagasPerSecond() / axonRounds.get(i).sagasPerSecond());
        }
        return ratios;
    }
}
