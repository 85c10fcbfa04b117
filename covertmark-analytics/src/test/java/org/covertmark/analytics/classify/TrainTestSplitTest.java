package org.covertmark.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TrainTestSplit")
class TrainTestSplitTest {

    @Test
    @DisplayName("a random split partitions 0..n-1 exactly, with ⌊fraction·n⌋ rows for training")
    void partitions() {
        TrainTestSplit split = TrainTestSplit.random(569, 0.5, 3);

        assertThat(split.train()).hasSize(284).isSorted();
        assertThat(split.test()).hasSize(285).isSorted();
        assertThat(IntStream.concat(IntStream.of(split.train()), IntStream.of(split.test())).sorted().toArray())
                .isEqualTo(IntStream.range(0, 569).toArray());
    }

    @Test
    @DisplayName("the same seed gives the same split, another seed another")
    void seeded() {
        assertThat(TrainTestSplit.random(100, 0.5, 1).train()).isEqualTo(TrainTestSplit.random(100, 0.5, 1).train());
        assertThat(TrainTestSplit.random(100, 0.5, 2).train()).isNotEqualTo(TrainTestSplit.random(100, 0.5, 1).train());
    }

    @Test
    @DisplayName("a group split keeps every group on one side and gives ⌊fraction·groups⌋ groups to training")
    void groups() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            hosts.add("10.0.0." + (i * 7 % 25));
        }

        TrainTestSplit split = TrainTestSplit.byGroup(hosts, 0.5, 11);

        Set<String> trainHosts = IntStream.of(split.train()).mapToObj(hosts::get).collect(Collectors.toSet());
        Set<String> testHosts = IntStream.of(split.test()).mapToObj(hosts::get).collect(Collectors.toSet());
        assertThat(trainHosts).hasSize(12).doesNotContainAnyElementsOf(testHosts);
        assertThat(testHosts).hasSize(13);
        assertThat(split.train().length + split.test().length).isEqualTo(300);
        assertThat(TrainTestSplit.byGroup(hosts, 0.5, 11).train()).isEqualTo(split.train());
    }

    @Test
    @DisplayName("a fraction outside (0, 1), or one that leaves a side empty, is refused")
    void refusesEmptySides() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrainTestSplit.random(10, 1.0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> TrainTestSplit.random(10, 0.05, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> TrainTestSplit.byGroup(List.of("a", "a"), 0.5, 0));
    }
}
