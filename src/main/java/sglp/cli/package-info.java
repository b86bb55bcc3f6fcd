/** The command line: one picocli subcommand per stage, files in and out, and the end-to-end run with its manifest. */
package sglp.cli;
