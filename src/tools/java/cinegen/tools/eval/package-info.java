/**
 * The evaluator of issue 4: fixed held-out cases ({@link cinegen.tools.eval.EvalCases}), generation and
 * measurement ({@link cinegen.tools.eval.Evaluator}), the read-back of clips without a learned judge
 * ({@link cinegen.tools.eval.FrameAnalysis}), pixel checks for kept regions
 * ({@link cinegen.tools.eval.RegionCheck}) and the report as text and JSON
 * ({@link cinegen.tools.eval.EvalReport}). DJL and frames only; see docs/decisions/0400-0403.
 */
package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;
