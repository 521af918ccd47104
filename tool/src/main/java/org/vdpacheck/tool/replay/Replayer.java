package org.vdpacheck.tool.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.vdpacheck.tool.trace.Statement;
import org.vdpacheck.tool.trace.TraceParser;

/**
 * Replays one scenario of the trace language against impl/: a fresh device of the header's
 * kernel and parent, one userspace process, every statement in order until the first whose
 * result or expectation impl/ does not bear out. Reports nothing itself; the result says what
 * happened, step by step.
 */
public final class Replayer {
    private Replayer() {
    }

    /**
     * The scenario's steps and its first divergence. A {@link TraceParser.Parsed} pairs a trace
     * with where its parts stand in the text it came from, which is what a step reports.
     *
     * @throws ReplayException the scenario names a kernel, parent or option impl/ does not have,
     *     passes a number a uapi field cannot hold, or calls the fd before opening the device
     */
    public static ScenarioResult replay(TraceParser.Parsed scenario) throws ReplayException {
        return run(scenario, true);
    }

    /**
     * impl/'s answer to every statement, none held to the trace's results and none stopping the
     * run: what vdpacheck predicts a kernel of the header's profile returns, step by step. A
     * step's {@code actual} is the prediction; {@code matches} is false only for an expectation
     * impl/ does not bear out or a DMA whose datapath and reference disagree.
     *
     * @throws ReplayException as {@link #replay}
     */
    public static ScenarioResult predict(TraceParser.Parsed scenario) throws ReplayException {
        return run(scenario, false);
    }

    private static ScenarioResult run(TraceParser.Parsed scenario, boolean checked) throws ReplayException {
        Setup setup = new Setup(scenario);
        Session session = Session.of(setup, GuestRam.of(scenario.trace()));
        String name = scenario.trace().name();
        Optional<Step> header = setup.headerMismatch(session.rig().vdpa());
        if (header.isPresent()) {
            return new ScenarioResult(name, List.of(), header);
        }
        List<Step> steps = new ArrayList<>();
        List<Statement> statements = scenario.trace().statements();
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (!checked && statement instanceof Statement.Op op) {
                statement = new Statement.Op(op.verb(), op.words(), null, op.comment());
            }
            Step step = session.run(statement, scenario.statements().get(i));
            if (step == null) {
                continue;
            }
            steps.add(step);
            if (checked && !step.matches()) {
                return new ScenarioResult(name, steps, Optional.of(step));
            }
        }
        return new ScenarioResult(name, steps, Optional.empty());
    }
}
