/**
 * The exceptions every layer may throw, each mapped to one exit code by {@code cli.Main}: a usage
 * or config error (2), invalid input data (3), a run that could not go on (1).
 */
package ai.thinkact.base;
