package io.sagaflow.benchmarks;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The report's "what bounds the targets" section: the evidence for each target missed or met. */
final class BoundsText {
    /**
     * Measured by hand on 2026-12-03 (direct dispatch, open loop at 70,000 sagas/s, four 3-second windows per JVM, this
     * suite's 4 GB G1 heap), so that the report says what the collector's pauses depend on here.
     */
    private static final String GC_EXPERIMENTS = " By hand on this host (2026-12-03, direct dispatch, open loop at"
            + " 70,000/s, one young collection every 3 s): each pause is almost all object copying, of what is alive"
            + " in the young generation. Before the changes of that day a pause took 26–30 ms and the p99 was 13–26 ms;"
            + " with the codec's remembered encodings taken out once decoded, saga data no longer remembered there,"
            + " and ended sagas dropped from the engine's decoded-data cache, 15–20 ms and a p99 of 2.9–7.5 ms; with"
            + " the in-memory store also keeping no ended saga (instead of the last 10,000, all of them younger than"
            + " the last collection at this rate), 6–10 ms and a p99 of 0.8–1.3 ms. Keeping each ended saga packed"
            + " into one array (about 360 bytes for the order saga, instead of some 30 objects) took the pauses"
            + " with the default 10,000 kept from 14–25 ms to 7–14 ms (closed loop, alternating JVMs), and keeping"
            + " them in a plain queue, oldest first, instead of a skip list keyed by end time took what each young"
            + " collection copies from 7.4–8.1 MB to 6.8–7.6 MB (open loop at 60,000/s, alternating JVMs)."
            + " ZGC and Shenandoah, which do not"
            + " stop the JVM for long, did worse on these 2 cores (p99 2–236 ms and 3–14 ms): their concurrent work"
            + " takes the same cores and stalls allocation.";

    private static final String KERNEL_STALLS = " And by hand on this host (2026-12-03, afternoon, direct dispatch,"
            + " open loop at 5,000/s, 10-s windows with no collection in them): on 4 KB pages the p99 was 11–20 ms"
            + " at a p50 of 80 µs, where a bare loop of the same arrival threads, with no saga code, stayed at a p99"
            + " of about 120 µs. JFR showed why: about every 500 ms every thread of the JVM overslept its park by"
            + " 25–60 ms at the same moment, with no safepoint and no execution sample in between, so nothing in"
            + " the JVM ran. 500 ms is the sampling interval of the kernel's DAMON monitor on this machine, which runs"
            + " a page-out scheme over physical memory (see the machine table). With DAMON turned off the p99 was"
            + " 115–124 µs; with DAMON on and the heap on transparent huge pages (`-XX:+UseTransparentHugePages`,"
            + " 2 MB pages, so 512 times fewer pages for it to check) 139–207 µs. This suite therefore runs with"
            + " huge pages, and so should a latency-sensitive service on such a host. At half the maximum rate"
            + " the collections above and the open loop's own cost then remain: with huge pages, queued at"
            + " 40,000/s gave a p99 of 2.9–4.7 ms with young pauses of 13–15 ms, and 2.9–3.7 ms with 8–13 ms when"
            + " the store kept no ended saga."
            + " The open loop's own cost, by hand (2026-12-04, queued, 45,000/s, against 20–22 CPU-µs a saga in"
            + " the closed loop of the same JVM): 35–37 CPU-µs a saga, of which the carrier threads' kernel"
            + " time was 8–9 µs against 2.3–2.9, at about 0.65 futex calls and 0.5 context switches a saga"
            + " (`perf stat`), the parks and wake-ups of hand-offs. Consumers that spun up to 200 or 2,000"
            + " times (`Thread.onSpinWait`) before parking lowered neither (36.8 µs, and 42.0–43.5) nor the p99"
            + " (4.1–4.9 ms, and 6.2–10.5, against 4.7–6.4): a spinning virtual thread holds one of the 2"
            + " carriers that the other consumers need.";

    private BoundsText() {
    }

    static void write(Report md, Results r) {
        LoadDriver.Result sagaflow = Results.median(r.sagaflowRounds);
        LoadDriver.Result axon = Results.median(r.axonRounds);
        String axonVerdict = axon.cpuMicrosPerSaga() > sagaflow.cpuMicrosPerSaga()
                ? String.format("and still costs more CPU per saga here (%.1f µs)", axon.cpuMicrosPerSaga())
                : String.format("and costs less CPU per saga here (%.1f µs)", axon.cpuMicrosPerSaga());
        md.line("## What bounds the targets");
        md.line("");
        md.line(String.format("**Rate.** 100,000 sagas/s on 2 cores means at most 20 CPU-µs per saga; the median"
                + " round measured %.1f. Per order saga the in-memory engine does 3 store writes (each encoding the"
                + " saga data to JSON, unless it did not change, and building the record's history list once),"
                + " 2 loads (each from the record the engine remembers for the reply it awaits, with the data object"
                + " it stored instead of decoding it, the saga data being an immutable record), and 5 to 6 messages"
                + " (each encoded to JSON, given an id, and queued for a"
                + " consumer thread by the thread that stored the saga's state; decoding returns the value the sender"
                + " encoded when the receiver gets the very same byte array, as in memory). Axon's in-memory setup"
                + " does none of the encoding and none of the hand-offs (the whole saga runs on the publishing"
                + " thread), %s. Where the Sagaflow CPU goes, from the profile (samples of running Java threads: the"
                + " garbage collector's own threads do not show here, but their CPU time counts in the CPU per"
                + " saga):", sagaflow.cpuMicrosPerSaga(), axonVerdict));
        md.line("");
        if (r.profile != null) {
            for (Map.Entry<String, Double> area : r.profile.areas().entrySet()) {
                if (area.getValue() >= 0.5) {
                    md.line(String.format("- %.0f%% %s", area.getValue(), area.getKey()));
                }
            }
            md.line("");
        }
        double sagaflowKernel = median(r.sagaflowKernel);
        if (!Double.isNaN(sagaflowKernel)) {
            md.line(String.format("The kernel's share of the machine's busy CPU time (`/proc/stat`: system, irq"
                    + " and softirq over those and user) was **%.0f%%** while Sagaflow ran and %.0f%% while Axon ran"
                    + " (median of the rounds, warm-ups included). A hand-off between Sagaflow's threads wakes a parked"
                    + " consumer, and when a carrier thread or a core was idle that takes a futex call and an"
                    + " inter-processor wake-up in the kernel; Axon's saga, on one thread, makes none. Where those are"
                    + " dear (in a virtual machine), this share is time a saga pays for its queues that the Java"
                    + " profile above does not show.", 100 * sagaflowKernel,
                    100 * median(r.axonKernel)));
            md.line("");
        }
        md.line("Made so far against the first profile (45 CPU-µs per saga, 35% JSON, 20% inbox, 9% SecureRandom):"
                + " ids from a per-process random prefix and a scrambled counter instead of SecureRandom per id"
                + " (`UniqueIds`); no decoding of saga data the engine itself stored, and no parsing of a message"
                + " the same JVM encoded (immutable records only, by array identity); the history handed from record"
                + " to record without copies; destination names checked without a regex. Then three changes, measured"
                + " back to back on a quiet host (alternating JVMs with this suite's heap, 4 closed-loop rounds each,"
                + " twice): before them 22–44 CPU-µs per saga (median 31), with 0.9–1.3 s of GC pauses per 5-second"
                + " round. First, the thread that stores a saga's state publishes its messages itself when store and"
                + " broker are both in memory, instead of waking the relay thread for each: 17–21 µs (median 19.5),"
                + " with 1.6 s of GC pauses a round. Then the in-memory store keeps the last 10,000 ended sagas"
                + " instead of every one until a retention job, and a participant runtime on the in-memory broker,"
                + " which cannot deliver a command twice, keeps no deduplication records (each young collection had"
                + " been copying the last second's ended sagas and 100,000 remembered replies): 12–21 µs (median"
                + " 13.6), with 0.07–0.12 s of GC pauses a round. Later, on a noisier host, measured the same way"
                + " (2 alternating JVMs, 2 closed-loop rounds each): Jackson's buffers from a pool of slots chosen by"
                + " the calling thread instead of its shared deque (`StripedBufferPool`; 17.1–17.7 against 18.2–19.3"
                + " µs); an ended saga's index entry holding its record, so that forgetting it is one remove (16.2–17.0"
                + " µs); and a lock-free outbox queue, whose blocking deque had locked even `isEmpty` on every save"
                + " (15.0–15.7 µs, context switches per saga 0.29 against 0.42–0.59). On 2026-12-03, from a profile"
                + " with exact line numbers (JFR with `-XX:+DebugNonSafepoints`), alternating JVMs of 3-second windows"
                + " on a host whose speed changed twofold within minutes: a reply's handler class looked up in a table"
                + " built once per step, instead of naming each handler class of the step on every reply (5% of the"
                + " samples; 19.3–20.7 against 20.8–22.0 µs); queued consumer threads taking a share of their"
                + " queue's backlog under one lock instead of one message per lock (median of 9 windows 19.65"
                + " against 20.85 µs; taking up to 8 whatever the other consumers were doing measured 18.94, but"
                + " could leave a consumer idle while messages wait behind a slow handler); an outbox batch sized"
                + " for one saga's messages instead of 64 slots (6% of the bytes allocated); and the slots of Jackson's"
                + " buffer pool on separate cache lines (all 8 had shared one line, which both cores wrote on every"
                + " encode: direct dispatch 11.1–11.9 against 11.9–13.9 µs). On 2026-12-04, from JFR's allocation"
                + " samples (about 13 KB allocated per saga with direct dispatch, which at these rates fills the 2.4"
                + " GB young generation every 3 s; each young collection also copies what lived longer than the"
                + " last one: by `-Xlog:gc+age`, half of the 13 MB copied in a by-hand run was objects made at"
                + " start-up that G1 keeps copying between survivor spaces until they are 15 collections old):"
                + " Jackson's generators kept for reuse, each with its output buffer, in slots chosen by the"
                + " calling thread, instead of a generator, its contexts and an output builder made for every"
                + " value (`PooledGenerators`; a fifth of the bytes allocated). Alternating JVMs, 3-second"
                + " closed-loop rounds: bytes allocated per saga 10,428–10,442 against 13,206–13,317 (direct"
                + " dispatch) and 10,061–10,324 against 11,490–13,304 (queued); CPU per saga, queued, 17.8–18.2"
                + " against 18.4–19.0 µs, and direct dispatch within the host's noise. Then the in-memory store's"
                + " packing buffers for ended sagas kept for reuse the same way, instead of a buffer made, grown and"
                + " copied for each saga (a seventh of the bytes allocated): 9,004–9,308 against 10,333–10,460 bytes"
                + " per saga (direct dispatch, alternating JVMs; CPU per saga within the host's noise). Later the"
                + " same day: the commands' two headers as one shared map per direction and attempt, instead of a"
                + " map and an attempt string made per command (the participant's first look at them had seemed a"
                + " cache miss, but the miss stayed where it was: it is the envelope's, as it crosses threads); a"
                + " saga's per-transition lists sized for one transition and its history copied once instead of"
                + " twice; and no handler or function object made per message or update: 7,528–7,540 against"
                + " 9,244–9,259 bytes per saga with direct dispatch and 7,361–7,457 against 8,832–9,103 queued, with"
                + " CPU per saga 8.7–9.3 against 9.4–9.9 µs (direct) and 15.5–16.2 against 16.3–16.5 µs (queued),"
                + " alternating JVMs, two pairs of 3-second rounds each. What remains is spread over"
                + " the areas listed: JSON encoding (every message and every changed saga data is still written as"
                + " JSON), the store's maps (a cache miss each), the thread hand-offs, and the garbage collector."
                + " Most of the store's share is forgetting: keeping the last 10,000 ended sagas (the default, for"
                + " queries and the dashboard) means that each saga that ends forgets one that ended 10,000 sagas"
                + " earlier, whose entry, id and record are in no cache any more. With the store keeping 64 instead"
                + " (`sagaflow.in-memory.keep-settled`), direct dispatch took 7.5–8.0 against 8.4–9.3 CPU-µs per saga"
                + " (alternating JVMs, three pairs of 3-second rounds). A store that forgot ended sagas a whole"
                + " generation at a time would not touch them, at the price of keeping somewhat more than the"
                + " number asked for; not built. On 2026-12-07, from `perf stat` on this host (futex calls and"
                + " context switches by thread): the in-memory broker's consumer threads had waited for an empty"
                + " queue 100 ms at a time, so as to notice a close, and a timed park of a virtual thread sets a"
                + " timer on the scheduler's delay queue and cancels it once woken, each a wake-up of the delay"
                + " scheduler's thread; they now wait with no timeout and closing wakes them (an interrupt that"
                + " never reaches a handler). Futex calls over a whole closed-loop run fell from 1.62 to 0.77"
                + " million and context switches from 0.90 to 0.40 million; queued, alternating JVMs, four pairs of"
                + " three 3-second rounds: 12.4–15.9 (median 14.4) against 11.6–14.2 CPU-µs a saga (median 12.1)."
                + " The remaining futex calls were nearly all the load drivers' (platform threads then) waiting for"
                + " a permit while their sagas settled on consumer threads, which the closed loops now run on"
                + " virtual threads (see above)."
                + " Across full runs of this suite on this host, the ratio to Axon has followed the host"
                + " more than the code: 3.64× and 4.22× in runs where Sagaflow's CPU per saga was 20.0 and"
                + " 18.6 µs, 6.04× and 7.30× in runs where it was 10.2 and 8.0 µs, while Axon's moved less"
                + " (58.7 to 84.2 µs): the host's fast phases cut the cost of Sagaflow's cache misses"
                + " between threads more than that of Axon's single-threaded work. The bytes allocated per"
                + " saga do not move with the host.");
        md.line("");
        if (r.noiseFloor != null && r.sagaflowOpen != null) {
            GcPauses.Summary gc = r.sagaflowOpen.gc();
            boolean met = r.sagaflowOpen.percentileMicros(99) < Report.TARGET_P99_MICROS;
            md.line(String.format("**p99 latency.** Measured p99 %s µs at half the rate (p50 %s µs). Two things stop"
                    + " every saga in flight at once here. The garbage collector: in the %s-second open-loop window it"
                    + " paused the JVM %d time%s, %d ms in all, the longest %d ms, and each saga in flight during a"
                    + " pause waits for it while arrivals queue behind it. And the machine: a thread parked for 100 µs,"
                    + " with no saga code running, woke %s µs late at p99, %s µs at p99.9 and %s µs at worst, as the"
                    + " other processes on the two cores took it. A saga crosses two thread hand-offs per step (to the"
                    + " participant's consumer, back to the orchestrator's), each exposed to such a stall. And half the"
                    + " closed-loop rate is not half the load: in the open loop a saga cost %.1f CPU-µs against %.1f"
                    + " in the closed loop, because with queues often empty each hand-off wakes a parked consumer"
                    + " instead of finding it busy, so the JVM kept %.1f of the 2 cores busy at this rate, beside"
                    + " the machine's other processes, and the queue a stall builds drains slowly.%s %s",
                    Report.micros(r.sagaflowOpen.percentileMicros(99)),
                    Report.micros(r.sagaflowOpen.percentileMicros(50)),
                    String.format("%.0f", r.sagaflowOpen.settled() / r.sagaflowOpen.sagasPerSecond()), gc.pauses(),
                    gc.pauses() == 1 ? "" : "s", gc.totalMillis(), gc.longestMillis(),
                    Report.micros(r.noiseFloor.percentileMicros(99)),
                    Report.micros(r.noiseFloor.percentileMicros(99.9)),
                    Report.micros(r.noiseFloor.latency() == null ? Double.NaN
                            : r.noiseFloor.latency().getMaxValue() / 1_000.0),
                    r.sagaflowOpen.cpuMicrosPerSaga(), sagaflow.cpuMicrosPerSaga(),
                    r.sagaflowOpen.cpuMicrosPerSaga() * r.sagaflowOpen.sagasPerSecond() / 1e6,
                    fellBehind(r.sagaflowOpen, sagaflow)
                            + sentence(r.sagaflowOpen.fellBehind() ? keptUpCost(r.highestKeptUp(), sagaflow,
                            r.sagaflowOpen.arrivalsPerSecond()) : ""),
                    (met ? "The target holds in this run." : "One young collection in the window can put the p99"
                            + " above 1 ms, as here (see the rates below half above). " + axonOpenVerdict(r)
                            + GC_EXPERIMENTS) + KERNEL_STALLS));
            md.line("");
        }
        if (!r.directRounds.isEmpty()) {
            directDispatch(md, r, sagaflow);
        }
        if (r.steps.size() > 1) {
            ScalingBench.Steps first = r.steps.get(0);
            ScalingBench.Steps last = r.steps.get(r.steps.size() - 1);
            double growth = last.cpuMicrosPerStep() / first.cpuMicrosPerStep();
            md.line(String.format("**Steps.** CPU per step went from %.1f µs (%d steps) to %.1f µs (%d steps), %.2f×."
                    + " A saga's fixed costs (start, completion, settlement) are spread over more steps as it grows;"
                    + " against that, every write builds the saga's whole history (three entries per step) into a"
                    + " new immutable list once (a load no longer copies it back), which is O(steps so far) per"
                    + " step. %s",
                    first.cpuMicrosPerStep(), first.steps(), last.cpuMicrosPerStep(), last.steps(), growth,
                    growth < 1.3 ? "Up to " + last.steps() + " steps the copying does not show: cost is linear."
                            : "At " + last.steps() + " steps the copying shows: an append-only history would fix it."));
            md.line("");
        }
        if (r.inFlight.size() > 1) {
            StringBuilder levels = new StringBuilder();
            for (ScalingBench.InFlight level : r.inFlight) {
                levels.append(String.format("%s%,d: %.1f µs", levels.isEmpty() ? "" : "; ", level.inFlight(),
                        level.throughput().cpuMicrosPerSaga()));
            }
            md.line("**Sagas in flight.** CPU per order saga with N sagas parked (" + levels + "). The in-memory"
                    + " store is a hash map, so a saga's transitions do not depend on how many others wait, and it"
                    + " forgets ended sagas beyond the last 10,000 from a queue of them, oldest first, not by scanning"
                    + " every stored saga; what still grows with N is the garbage collector's work with a live set of"
                    + " about"
                    + " a kilobyte per parked saga (1 GB at 10^6) and the cache misses of larger tables. Heap per"
                    + " parked saga is its record (history, JSON data, ids) plus its command queued in the in-memory"
                    + " broker.");
        }
        md.line("");
    }

    /** What direct dispatch takes away from the default's costs, and what it leaves. */
    private static void directDispatch(Report md, Results r, LoadDriver.Result queued) {
        LoadDriver.Result direct = Results.median(r.directRounds);
        String open = r.directOpen == null ? "" : String.format(" In the open loop at half its own rate (%s/s) its"
                + " p99 was %s µs (p50 %s µs), with %d GC pause%s in the window, against %s µs for the queued"
                + " default.", Report.fmt(r.directOpen.sagasPerSecond()),
                Report.micros(r.directOpen.percentileMicros(99)), Report.micros(r.directOpen.percentileMicros(50)),
                r.directOpen.gc().pauses(), r.directOpen.gc().pauses() == 1 ? "" : "s",
                r.sagaflowOpen == null ? "?" : Report.micros(r.sagaflowOpen.percentileMicros(99)));
        md.line(String.format("**Direct dispatch.** Running the saga inside `startSaga` and handing each message to"
                + " the next handler on the same thread, instead of through a queue to a parked consumer, took the"
                + " CPU per saga from %.1f to %.1f µs"
                + " (%.0f%% less) and the kernel's share of the busy CPU from %.0f%% to %.0f%%: what the hand-offs"
                + " cost. It leaves the rest of the list above, the engine's own work on every message: the JSON of"
                + " every message and changed saga data, the store's maps and their cache misses, and the garbage"
                + " collector. That work, not the broker, is what keeps a Sagaflow saga from 10× Axon's rate. By hand"
                + " (2026-12-03, JFR with exact line numbers, direct dispatch, closed loop): writing JSON was 24%% of"
                + " the samples, 8 small values a saga (5 messages, 3 changes of the saga data); within it, about a"
                + " quarter went to the atomic operations of Jackson's buffer recycling (the pool's slots and each"
                + " recycler's own buffer arrays; measured before the pool's slots were put on separate cache lines,"
                + " above), a fifth to calling the records' accessors through method handles,"
                + " and most of the rest to building a generator, its contexts and its output for each value. The"
                + " store took 31%% (its hash maps' cache misses: a saga created, updated, forgotten 10,000 sagas"
                + " later; and packing each ended saga, 5%%).%s",
                queued.cpuMicrosPerSaga(), direct.cpuMicrosPerSaga(),
                100 * (1 - direct.cpuMicrosPerSaga() / queued.cpuMicrosPerSaga()), 100 * median(r.sagaflowKernel),
                100 * median(r.directKernel), open));
        md.line("");
        if (r.inMemoryFloors != null) {
            md.line(floors(r.inMemoryFloors, Results.median(r.axonRounds).cpuMicrosPerSaga(),
                    queued.cpuMicrosPerSaga(), direct.cpuMicrosPerSaga()));
            md.line("");
        }
    }

    /**
     * @param floors the bare hand-off and the JSON of a saga, measured in the run
     * @param axonMicros Axon's CPU per saga (median round)
     * @param queuedMicros Sagaflow's, queued dispatch
     * @param directMicros Sagaflow's, direct dispatch
     * @return how much of the CPU per saga that 10× Axon allows the design's queues and JSON take, and what is left
     */
    static String floors(InMemoryFloors.Floors floors, double axonMicros, double queuedMicros, double directMicros) {
        double budget = axonMicros / 10;
        double floor = floors.perSaga();
        String verdict = floor >= budget
                ? String.format("The design's queues and JSON alone take more than that: with them, 10× Axon cannot"
                        + " be reached on this machine at this time, whatever the engine does.")
                : String.format("Queues and JSON as such leave %.1f µs of it for everything else, and Sagaflow took"
                        + " %.1f µs more than the floor (%.1f µs with direct dispatch, which makes no hand-off): the"
                        + " gap to 10× is the engine's own work (the store and its maps, the saga records and their"
                        + " history, the participant runtime, the envelopes, the cache misses of data that crosses"
                        + " threads), not what queues and JSON must cost.", budget - floor, queuedMicros - floor,
                        directMicros - floors.jsonMicrosPerSaga());
        return String.format("**Floors without the engine**, measured in the same run: a message handed from one"
                + " virtual thread to another through a `LinkedBlockingQueue` (a ring of %d, with 256 messages going"
                + " round as the closed loop's sagas do) cost **%.2f CPU-µs**, %.1f for a queued saga's %d hand-offs;"
                + " the default Jackson codec wrote a saga's %d values (its 5 messages and 3 changes of its data) in"
                + " **%.1f CPU-µs** on one thread. Together %.1f CPU-µs a saga, against the **%.1f µs** a saga may"
                + " cost to reach 10× Axon (Axon's %.1f µs a saga in this run, over 10). %s",
                InMemoryFloors.HAND_OFFS_PER_SAGA, floors.handOffMicros(),
                InMemoryFloors.HAND_OFFS_PER_SAGA * floors.handOffMicros(), InMemoryFloors.HAND_OFFS_PER_SAGA,
                InMemoryFloors.JSON_VALUES_PER_SAGA, floors.jsonMicrosPerSaga(), floor, budget, axonMicros, verdict);
    }

    /**
     * @param open an open-loop window
     * @param closed the closed-loop round its rate was taken from
     * @return a sentence saying that the window settled fewer sagas than arrived
     *     ({@link LoadDriver.Result#fellBehind}), or nothing when it kept up
     */
    static String fellBehind(LoadDriver.Result open, LoadDriver.Result closed) {
        if (!open.fellBehind()) {
            return "";
        }
        double arrivals = open.arrivalsPerSecond();
        return String.format(" In this run it did not drain: orders arrived at %,.0f/s and %,.0f/s settled, so the"
                + " backlog grew through the window (the bytes allocated per saga rose to %,.0f, against %,.0f in the"
                + " closed loop, as queued sagas lived long enough to be copied by each collection), and the"
                + " latencies above are those of an overloaded system, not of one at half its load.",
                arrivals, open.sagasPerSecond(), open.bytesPerSaga(), closed.bytesPerSaga());
    }

    /**
     * @param kept the open-loop window with the highest arrival rate that kept up, or null
     * @param closed the closed loop
     * @param offered the arrival rate that was not kept up with
     * @return a sentence, without its full stop, on what that rate would take at the open loop's cost per saga; or
     *     "" when no window kept up
     */
    static String keptUpCost(LoadDriver.@Nullable Result kept, LoadDriver.Result closed, double offered) {
        if (kept == null) {
            return "";
        }
        return String.format("At %,.0f/s, the highest rate it kept up with in this run, a saga cost %.1f CPU-µs"
                + " against %.1f in the closed loop (with queues often empty, each hand-off wakes a parked consumer),"
                + " so %,.0f/s would take %.1f of the %d cores", kept.arrivalsPerSecond(), kept.cpuMicrosPerSaga(),
                closed.cpuMicrosPerSaga(), offered, kept.cpuMicrosPerSaga() * offered / 1e6, Ceiling.CORES);
    }

    /** @return {@code text} as a sentence after another: a space before it and a full stop after; "" for "" */
    static String sentence(String text) {
        return text.isEmpty() ? "" : " " + text + ".";
    }

    /** @return how Axon's open loop fared against the p99 target, and with how many collections */
    private static String axonOpenVerdict(Results r) {
        if (r.axonOpen == null) {
            return "";
        }
        GcPauses.Summary gc = r.axonOpen.gc();
        String collections = gc.pauses() + " GC pause" + (gc.pauses() == 1 ? "" : "s") + ", " + gc.totalMillis()
                + " ms in all";
        return r.axonOpen.percentileMicros(99) < Report.TARGET_P99_MICROS
                ? "Axon, whose saga runs on the caller's thread with no hand-offs, met it in this run at its own"
                + " half rate, " + Report.fmt(r.axonOpen.sagasPerSecond()) + "/s (its open-loop p99 above, with "
                + collections + ")."
                : "Axon, whose saga runs on the caller's thread with no hand-offs, misses 1 ms too (its open-loop p99"
                + " above, with " + collections + ").";
    }

    private static double median(java.util.List<Double> values) {
        java.util.List<Double> known = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        return known.isEmpty() ? Double.NaN : known.get(known.size() / 2);
    }
}
