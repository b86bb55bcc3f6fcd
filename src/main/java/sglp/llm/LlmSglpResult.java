package sglp.llm;

import java.util.List;
import java.util.stream.IntStream;
import sglp.report.Displayable;
import sglp.report.Figure;
import sglp.report.Figures;
import sglp.report.Series;
import sglp.segment.Segmentation;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link LlmSglp} found.
 *
 * @param layerNames the decoder layers
 * @param segmentation the Fisher segments of their CKA matrix
 * @param keptPerSegment m_i, the layers each segment keeps
 * @param candidates every candidate, segment by segment in enumeration order
 * @param winners the candidate of least perplexity in each segment (the earliest on ties)
 * @param seconds wall time of the search
 */
public record LlmSglpResult(List<String> layerNames, Segmentation segmentation, List<Integer> keptPerSegment,
        List<Candidate> candidates, List<Candidate> winners, double seconds) implements Displayable {

    /**
     * One kept subset of a segment and the calibration perplexity with the rest of the segment removed.
     *
     * @param segment the segment's index
     * @param kept the layers it keeps, ascending
     * @param ppl the calibration perplexity
     */
    public record Candidate(int segment, List<Integer> kept, double ppl) {
        /** Copies the list. */
        public Candidate {
            kept = List.copyOf(kept);
        }
    }

    /** Copies the lists. */
    public LlmSglpResult {
        layerNames = List.copyOf(layerNames);
        keptPerSegment = List.copyOf(keptPerSegment);
        candidates = List.copyOf(candidates);
        winners = List.copyOf(winners);
    }

    /** @return the kept layers, ascending */
    public List<Integer> kept() {
        return winners.stream().flatMap(w -> w.kept().stream()).sorted().toList();
    }

    /** @return the removed layers, ascending */
    public List<Integer> removed() {
        List<Integer> kept = kept();
        return IntStream.range(0, layerNames.size()).filter(l -> !kept.contains(l)).boxed().toList();
    }

    /** @return one row per candidate */
    @Override
    public Table table() {
        return Table.create("SGLP-LLM candidates",
                IntColumn.create("segment", candidates.stream().mapToInt(Candidate::segment).toArray()),
                StringColumn.create("kept", candidates.stream().map(c -> c.kept().toString()).toList()),
                DoubleColumn.create("calibration_ppl", candidates.stream().mapToDouble(Candidate::ppl).toArray()),
                BooleanColumn.create("winner", candidates.stream().map(winners::contains).toList()));
    }

    /** @return each segment's candidates' perplexity, one bar series per segment */
    @Override
    public Figure figure() {
        List<Series> series = IntStream.range(0, keptPerSegment.size()).mapToObj(i -> {
            List<Candidate> mine = candidates.stream().filter(c -> c.segment() == i).toList();
            return Series.of("segment " + i, mine.stream().map(c -> "keep " + c.kept()).toList(),
                    mine.stream().mapToDouble(Candidate::ppl).toArray());
        }).toList();
        return Figures.bar("SGLP-LLM: calibration perplexity of each kept subset", "candidate", "perplexity",
                series);
    }
}
