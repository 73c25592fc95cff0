/**
 * The evaluator of issue 4: fixed held-out cases ({@link cinegen.engine.train.eval.EvalCases}), generation and
 * measurement ({@link cinegen.engine.train.eval.Evaluator}), the read-back of clips without a learned judge
 * ({@link cinegen.engine.train.eval.FrameAnalysis}), pixel checks for kept regions
 * ({@link cinegen.engine.train.eval.RegionCheck}) and the report as text and JSON
 * ({@link cinegen.engine.train.eval.EvalReport}). DJL and frames only; see docs/decisions/0400-0403.
 */
package cinegen.engine.train.eval;

import cinegen.engine.family.bundled.scene.*;
