package io.wghub.gateway.control.uapi;

/**
 * What the UAPI socket needs from a running interface: a consistent picture of it for
 * {@code get=1}, and the application of one {@code set=1} request.
 */
public interface UapiDevice {
    /**
     * The interface and its peers as they are now. The key arrays in it are fresh copies that
     * the caller owns and wipes after use.
     */
    DeviceSnapshot snapshot();

    /**
     * Applies one request. Fields the request leaves out stay as they are. On failure nothing of
     * the request has been applied. The request's key arrays are wiped by the caller afterwards,
     * so keep copies, not them.
     *
     * @throws UapiException with the errno to report and a one-line reason for the log
     */
    void apply(SetRequest request) throws UapiException;
}
