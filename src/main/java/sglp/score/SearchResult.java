package sglp.score;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import sglp.score.GradNorm.Variant;
import sglp.score.GradNormSearch.Mode;
import sglp.segment.Segment;
import sglp.select.Candidates;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a {@link GradNormSearch} found: every candidate's score, the winner of each segment, and the size of the search
 * space with and without segmentation.
 *
 * @param layerNames the prunable layers of the network, in forward order
 * @param segments the segments searched
 * @param keptPerSegment m_i, the number of layers each segment keeps
 * @param candidates every scored candidate, segment by segment in enumeration order
 * @param winners the best candidate of each segment
 * @param searchSpace {@code sum_i C(|S_i|, m_i)}, the number of candidates scored
 * @param unsegmentedSpace {@code C(L, M)}, the number of candidates without segmentation
 * @param seconds wall-clock time of the search
 * @param mode weights outside the scored segment
 * @param variant the norm of the gradient
 * @param seed the seed of the random weights
 */
public record SearchResult(List<String> layerNames, List<Segment> segments, int[] keptPerSegment,
        List<CandidateScore> candidates, List<CandidateScore> winners, BigInteger searchSpace,
        BigInteger unsegmentedSpace, double seconds, Mode mode, Variant variant, long seed) implements Displayable {

    /** Copies the lists and the array. */
    public SearchResult {
        layerNames = List.copyOf(layerNames);
        segments = List.copyOf(segments);
        keptPerSegment = keptPerSegment.clone();
        candidates = List.copyOf(candidates);
        winners = List.copyOf(winners);
    }

    /** @return a copy of m_i for each segment */
    @Override
    public int[] keptPerSegment() {
        return keptPerSegment.clone();
    }

    /** @return the layers the winners keep, in layer order */
    public List<String> keptLayers() {
        Set<String> kept = new HashSet<>();
        winners.forEach(w -> kept.addAll(w.kept()));
        return layerNames.stream().filter(kept::contains).toList();
    }

    /** @return the prunable layers that no winner keeps, in layer order */
    public List<String> removedLayers() {
        Set<String> kept = Set.copyOf(keptLayers());
        return layerNames.stream().filter(l -> !kept.contains(l)).toList();
    }

    /** @return candidates scored per second of the search */
    public double candidatesPerSecond() {
        return candidates.size() / seconds;
    }

    /** @return {@code C(L, M) / sum_i C(|S_i|, m_i)}: how many times smaller segmentation makes the search */
    public double reductionFactor() {
        return new BigDecimal(unsegmentedSpace).divide(new BigDecimal(searchSpace), MathContext.DECIMAL64)
                .doubleValue();
    }

    /** @return one row per candidate: segment (1-based), kept and removed layers, score, rank in its segment, winner */
    @Override
    public Table table() {
        Map<CandidateScore, Integer> rank = ranks();
        return Table.create("GradNorm candidates",
                IntColumn.create("segment", candidates.stream().mapToInt(c -> c.segment() + 1).toArray()),
                StringColumn.create("kept", candidates.stream().map(c -> String.join(", ", c.kept()))),
                StringColumn.create("removed", candidates.stream().map(c -> String.join(", ", c.removed()))),
                DoubleColumn.create("score", candidates.stream().mapToDouble(CandidateScore::score)),
                IntColumn.create("rank", candidates.stream().mapToInt(rank::get).toArray()),
                BooleanColumn.create("winner", candidates.stream().map(winners::contains).toList()));
    }

    /**
     * The GradNorm ranking per segment: one panel per segment, one bar per candidate from best to worst, the winner
     * in red; hovering a bar names the layers the candidate keeps.
     *
     * @return the figure
     */
    @Override
    public Figure figure() {
        List<Figure> panels = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            List<CandidateScore> ranked = ranked(s);
            Series bars = Series.of("", IntStream.rangeClosed(1, ranked.size()).boxed().toList(),
                    ranked.stream().mapToDouble(CandidateScore::score).toArray())
                    .withColors(ranked.stream().map(c -> winners.contains(c) ? Figures.ACCENT : Figures.HIGHLIGHT)
                            .toList())
                    .withHover(ranked.stream().map(c -> "kept " + String.join(", ", c.kept())).toList());
            Segment seg = segments.get(s);
            String xTitle = String.format(Locale.ROOT, "S%d %s, keep %d of %d (rank)", s + 1, span(seg),
                    keptPerSegment[s], seg.size());
            panels.add(Figures.bar("S" + (s + 1), xTitle, s == 0 ? "GradNorm" : "", List.of(bars)));
        }
        return Figures.sideBySide("GradNorm ranking per segment (" + mode.name().toLowerCase(Locale.ROOT) + " mode, "
                + variant.name().toLowerCase(Locale.ROOT) + "; red = kept subset)", panels);
    }

    /**
     * The size of the search space, as in the paper's Table 6: one row per segment with {@code C(|S_i|, m_i)}, the
     * total with segmentation, {@code C(L, M)} without, and how many times smaller the segmented search is.
     *
     * @return the table; counts are exact integers written as text (they can exceed a long)
     */
    public Table searchSpaceTable() {
        StringColumn part = StringColumn.create("part");
        IntColumn layers = IntColumn.create("layers");
        IntColumn kept = IntColumn.create("kept");
        StringColumn count = StringColumn.create("candidates");
        int keep = IntStream.of(keptPerSegment).sum();
        for (int s = 0; s < segments.size(); s++) {
            Segment seg = segments.get(s);
            part.append("S" + (s + 1) + " " + span(seg));
            layers.append(seg.size());
            kept.append(keptPerSegment[s]);
            count.append(Candidates.searchSpace(List.of(seg), new int[] {keptPerSegment[s]}).toString());
        }
        part.append("with segmentation: sum C(|S_i|, m_i)").append("without segmentation: C(L, M)")
                .append("reduction factor");
        layers.append(layerNames.size()).append(layerNames.size()).appendMissing();
        kept.append(keep).append(keep).appendMissing();
        count.append(searchSpace.toString()).append(unsegmentedSpace.toString())
                .append(String.format(Locale.ROOT, "%.4gx", reductionFactor()));
        return Table.create("GradNorm search space", part, layers, kept, count);
    }

    /** Rank of each candidate within its segment: 1 = best, equal scores in enumeration order. */
    private Map<CandidateScore, Integer> ranks() {
        Map<CandidateScore, Integer> rank = new HashMap<>();
        for (int s = 0; s < segments.size(); s++) {
            List<CandidateScore> ranked = ranked(s);
            IntStream.range(0, ranked.size()).forEach(r -> rank.put(ranked.get(r), r + 1));
        }
        return rank;
    }

    /** The candidates of one segment, best first, equal scores in enumeration order. */
    private List<CandidateScore> ranked(int segment) {
        return candidates.stream().filter(c -> c.segment() == segment).sorted(CandidateScore.BEST_FIRST).toList();
    }

    private String span(Segment s) {
        return layerNames.get(s.first()) + ".." + layerNames.get(s.last());
    }
}
