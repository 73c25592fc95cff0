/**
 * Noise schedulers that compute what Hugging Face diffusers 0.31 computes, for models in diffusers' layout: DDIM,
 * Euler, Euler ancestral, DPM-Solver++ (2M) and LCM, configured from a {@code scheduler_config.json}
 * ({@link cinegen.engine.schedule.diffusers.SchedulerConfig}) and driven by step index
 * ({@link cinegen.engine.schedule.diffusers.DiffusersScheduler}). Schedule arithmetic follows diffusers' dtypes
 * (torch float32 tables, numpy float64 sigmas stored as float32, float32 step scalars); parity is tested against
 * {@code src/test/resources/diffusers/schedulers}. The engine's own samplers in {@code cinegen.engine.schedule}
 * are separate and unchanged.
 */
package cinegen.engine.schedule.diffusers;
