package dev.unmark.matte;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on the calling thread and the common pool's workers, each taking the next index in
 * order: callers list their costliest tasks first so that the cores finish together (a parallel stream splits the
 * range into fixed chunks, and the coarse search's costly scales all sit at its start). Tasks write only their own
 * slot of a result array, so the results do not depend on the threads.
 */
final class Parallel {

    private Parallel() {
    }

    static void each(int n, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                task.accept(i);
            }
        };
        int helpers = Math.min(n - 1, ForkJoinPool.getCommonPoolParallelism());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int k = 0; k < helpers; k++) {
            running.add(CompletableFuture.runAsync(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
