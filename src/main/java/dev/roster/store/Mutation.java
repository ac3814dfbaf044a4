package dev.roster.store;

import java.util.Map;

/** Plans the writes of one batch from the profiles currently stored; see {@link UserStore#modify}. */
@FunctionalInterface
public interface Mutation<R> {
    Plan<R> plan(Map<Long, Profile> current);
}
