package org.astrofiji.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.net.URI;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.AccessControlException;

/**
 * A Hadoop file system of scheme {@code tfs:} over this machine's disk ({@code tfs:/tmp/x} is
 * {@code /tmp/x}): a file system the pipeline cannot open as java.io files, so Reduce Night on Spark
 * stages its files through Hadoop's API as it would on HDFS or S3. Registered with
 * {@code spark.hadoop.fs.tfs.impl}.
 */
public final class TestFileSystem extends RawLocalFileSystem {

	static final String SCHEME = "tfs";

	@Override
	public URI getUri() {
		return URI.create(SCHEME + ":///");
	}

	@Override
	public String getScheme() {
		return SCHEME;
	}

	/** The local file's own permissions (RawLocalFileSystem's way reads them through a file: URI only). */
	@Override
	public void access(Path path, FsAction mode) throws FileNotFoundException, AccessControlException {
		File f = pathToFile(path);
		if (!f.exists()) throw new FileNotFoundException(path.toString());
		if (mode.implies(FsAction.READ) && !f.canRead() || mode.implies(FsAction.WRITE) && !f.canWrite()) {
			throw new AccessControlException(path + ": permission denied (" + mode + ")");
		}
	}
}
