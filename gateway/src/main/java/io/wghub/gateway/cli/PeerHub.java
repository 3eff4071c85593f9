package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigStore;
import io.wghub.gateway.control.UapiClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Applies a change already written to the file to the running interface, or puts the file back if it is refused. */
final class PeerHub {
    /** One UAPI request. */
    @FunctionalInterface
    interface Request {
        void send(UapiClient client) throws IOException;
    }

    private PeerHub() {
    }

    /**
     * Sends {@code request} while the file is still locked. Not running: the file keeps the
     * change and {@code notRunning} goes to {@code err}. Refused or unreachable: {@code oldText}
     * is written back and the error says why.
     *
     * @return whether the running interface has the change
     */
    static boolean apply(ConfigStore.Locked locked, String oldText, Path file, String interfaceName,
                         Request request, String notRunning, PrintWriter err) throws ConfigException {
        try {
            request.send(new UapiClient(interfaceName));
            return true;
        } catch (UapiClient.NotRunningException e) {
            err.println("wghub: " + notRunning);
            return false;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            try {
                locked.write(oldText);
            } catch (ConfigException restore) {
                throw new ConfigException(file.toString(), "the running " + interfaceName + " did not take the change ("
                        + why + "), and putting the file back failed too: " + restore.getMessage()
                        + "; check the file by hand");
            }
            throw new ConfigException(file.toString(), "not changed: the running " + interfaceName
                    + " did not take the change (" + why + "); fix that and run the command again");
        }
    }
}
