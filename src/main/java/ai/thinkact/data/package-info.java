/** Datasets: APIGen-MT and Almita loaders, the per-turn decomposer, sample JSONL, and the synthetic shop/airline world. */
package ai.thinkact.data;
