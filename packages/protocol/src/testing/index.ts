/** Test and benchmark helpers shared by every package. Not for production code. */
export * from './measure.js'
export * from './sample-bodies.js'
