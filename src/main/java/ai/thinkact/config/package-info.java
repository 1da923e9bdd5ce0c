/** Loading YAML run configs and merging them with command-line overrides. */
package ai.thinkact.config;
