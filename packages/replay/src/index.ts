export * from './replay.pipeline';
export * from './reorder-buffer';
export * from './replay.defaults';
export * from './line.sink';
