import type { StaffGrants } from '../../modules/openedx';
import type { Viewer } from '../../shared/access';

/** Where a token's learner gets the course staff rights the LMS gave them. */
export interface StaffGrantSource {
  grantsOf(learnerId: string): StaffGrants | Promise<StaffGrants>;
}

const union = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string>) =>
  a === undefined || a.size === 0 ? b : b.size === 0 ? a : new Set([...a, ...b]);

/**
 * A viewer with grants added. The result is remembered per (viewer, grants) pair, so the
 * requests of one token build it once per read of the grants, not once each.
 */
export function grantingViewer(): (viewer: Viewer, grants: StaffGrants) => Viewer {
  const made = new WeakMap<Viewer, { grants: StaffGrants; viewer: Viewer }>();
  return (viewer, grants) => {
    if (grants.courses.size === 0 && grants.orgs.size === 0) return viewer;
    const known = made.get(viewer);
    if (known !== undefined && known.grants === grants) return known.viewer;
    const granted: Viewer = {
      ...viewer,
      staffCourses: union(viewer.staffCourses, grants.courses),
      staffOrgs: union(viewer.staffOrgs, grants.orgs),
    };
    made.set(viewer, { grants, viewer: granted });
    return granted;
  };
}
