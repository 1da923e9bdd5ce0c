/** File output that is all-or-nothing: temporary files and directories renamed into place. */
package ai.thinkact.io;
