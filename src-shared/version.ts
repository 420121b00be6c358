export const SYNCFLOW_VERSION = '0.1.0';
