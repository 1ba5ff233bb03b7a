/** Test helpers shared by every package's tests and benchmarks. */
export * from './sample-bodies.js'
