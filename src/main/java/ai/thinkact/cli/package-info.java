/** The command-line interface: one picocli class per command; only Main exits. */
package ai.thinkact.cli;
