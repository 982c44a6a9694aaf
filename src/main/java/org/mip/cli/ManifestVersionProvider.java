package org.mip.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Implementation-Version of the jar's manifest (written by the Maven build). */
public final class ManifestVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Package p = Main.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        if (version == null) {
            return new String[] {"medical-imaging-pipeline (development build: no jar manifest)"};
        }
        return new String[] {"medical-imaging-pipeline " + version};
    }
}
