/**
 * A Java kernel for Jupyter on SpencerPark's {@code jupyter-jvm-basekernel}: cells are Java run by a JShell in the
 * kernel's own JVM. It knows nothing of SGLP and works with no extension.
 *
 * <ul>
 *   <li>{@link sglp.kernel.Main} starts {@link sglp.kernel.JShellKernel} for a Jupyter connection file, with the
 *       startup script that the system property {@code sglp.kernel.startup} names.</li>
 *   <li>{@link sglp.kernel.JShellKernel} evaluates cells in a JShell that runs in the kernel's JVM, so a cell's value
 *       is a live object that the kernel's renderer turns into output; compile errors and exceptions point at cell
 *       lines; the stop button interrupts the cell.</li>
 *   <li>Line magics: {@code %classpath} and {@code %jars}, and those of extensions; {@code var r = %name args} binds
 *       a magic's value ({@link sglp.kernel.MagicValue}).</li>
 *   <li>Extensions are installed as in IJava: the startup script calls their install method with
 *       {@link sglp.kernel.JShellKernel#current()} and its {@link sglp.kernel.JShellKernel#getMagics() magics}. The
 *       SGLP extension ({@code sglp.notebook}) is installed so by {@code kernel-ext/startup.jshell}.</li>
 * </ul>
 *
 * <p>This package imports no other {@code sglp} package, and none imports it.
 */
package sglp.kernel;
