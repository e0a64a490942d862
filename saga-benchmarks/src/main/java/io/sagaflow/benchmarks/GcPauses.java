package io.sagaflow.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Counts the garbage collector's pauses while open, from the JVM's own GC notifications: G1's young and mixed
 * collections and its remark and cleanup pauses. Every thread of the JVM stands still during one, so every saga in
 * flight waits for it.
 */
final class GcPauses implements AutoCloseable {
    /**
     * @param pauses how many
     * @param totalMillis their summed duration
     * @param longestMillis the longest
     */
    record Summary(long pauses, long totalMillis, long longestMillis) {
    }

    private final LongAdder pauses = new LongAdder();
    private final LongAdder totalMillis = new LongAdder();
    private final AtomicLong longestMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    GcPauses() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        if (info.getGcName().contains("Cycles")) {
            return; // ZGC's concurrent cycles, not pauses
        }
        long millis = info.getGcInfo().getDuration();
        pauses.increment();
        totalMillis.add(millis);
        longestMillis.accumulateAndGet(millis, Math::max);
    }

    /** @return the pauses seen so far */
    Summary summary() {
        return new Summary(pauses.sum(), totalMillis.sum(), longestMillis.get());
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
