/**
 * The widget's strings, in the locales Laurel's certificates speak (a subset; others fall
 * back to English per key). `{n}`-style placeholders are filled by `format`.
 */
export interface Messages {
  title: string;
  loading: string;
  empty: string;
  signIn: string;
  failed: string;
  overall: string;
  tier: string;
  earned: string;
  issuing: string;
  failedIssue: string;
  revoked: string;
  expired: string;
  inProgress: string;
  notEnrolled: string;
  met: string;
  view: string;
  download: string;
  ofRequired: string;
  kinds: Record<string, string>;
}

const en: Messages = {
  title: 'Your credentials',
  loading: 'Loading your progress…',
  empty: 'No credential is offered here yet.',
  signIn: 'Sign in to see your progress.',
  failed: 'Your progress could not be loaded.',
  overall: 'Overall progress',
  tier: 'Tier {tier}',
  earned: 'Earned',
  issuing: 'Being issued…',
  failedIssue: 'Issuing is delayed; it will be retried.',
  revoked: 'Revoked',
  expired: 'Expired',
  inProgress: 'In progress',
  notEnrolled: 'Enroll to earn this credential.',
  met: 'Done',
  view: 'View credential',
  download: 'Download PDF',
  ofRequired: '{current} of {required}',
  kinds: {
    COMPLETION: 'Completion',
    GRADE: 'Grade',
    ASSIGNMENT_GRADE: 'Grade in {type}',
    ENROLLMENT_TRACK: 'Enrollment track',
    DISCUSSION: 'Discussion participation',
    ALL_OF: 'All of',
    ANY_OF: 'Any of',
  },
};

type Partial2<T> = { [K in keyof T]?: T[K] extends Record<string, string> ? Partial<T[K]> : T[K] };

const catalogs: Record<string, Partial2<Messages>> = {
  en,
  es: {
    title: 'Tus credenciales',
    loading: 'Cargando tu progreso…',
    empty: 'Aún no se ofrece ninguna credencial aquí.',
    signIn: 'Inicia sesión para ver tu progreso.',
    failed: 'No se pudo cargar tu progreso.',
    overall: 'Progreso general',
    tier: 'Nivel {tier}',
    earned: 'Obtenida',
    issuing: 'Emitiéndose…',
    failedIssue: 'La emisión se retrasa; se volverá a intentar.',
    revoked: 'Revocada',
    expired: 'Caducada',
    inProgress: 'En curso',
    notEnrolled: 'Inscríbete para obtener esta credencial.',
    met: 'Hecho',
    view: 'Ver credencial',
    download: 'Descargar PDF',
    ofRequired: '{current} de {required}',
    kinds: {
      COMPLETION: 'Finalización',
      GRADE: 'Calificación',
      ASSIGNMENT_GRADE: 'Calificación en {type}',
      ENROLLMENT_TRACK: 'Modalidad de inscripción',
      DISCUSSION: 'Participación en foros',
      ALL_OF: 'Todos',
      ANY_OF: 'Alguno',
    },
  },
  fr: {
    title: 'Vos certifications',
    loading: 'Chargement de votre progression…',
    empty: 'Aucune certification n’est encore proposée ici.',
    signIn: 'Connectez-vous pour voir votre progression.',
    failed: 'Votre progression n’a pas pu être chargée.',
    overall: 'Progression globale',
    tier: 'Niveau {tier}',
    earned: 'Obtenue',
    issuing: 'En cours d’émission…',
    failedIssue: 'L’émission est retardée ; elle sera relancée.',
    revoked: 'Révoquée',
    expired: 'Expirée',
    inProgress: 'En cours',
    notEnrolled: 'Inscrivez-vous pour obtenir cette certification.',
    met: 'Fait',
    view: 'Voir la certification',
    download: 'Télécharger le PDF',
    ofRequired: '{current} sur {required}',
    kinds: {
      COMPLETION: 'Achèvement',
      GRADE: 'Note',
      ASSIGNMENT_GRADE: 'Note en {type}',
      ENROLLMENT_TRACK: 'Mode d’inscription',
      DISCUSSION: 'Participation aux discussions',
      ALL_OF: 'Tous',
      ANY_OF: 'Au moins un',
    },
  },
  de: {
    title: 'Ihre Nachweise',
    loading: 'Fortschritt wird geladen…',
    empty: 'Hier wird noch kein Nachweis angeboten.',
    signIn: 'Melden Sie sich an, um Ihren Fortschritt zu sehen.',
    failed: 'Ihr Fortschritt konnte nicht geladen werden.',
    overall: 'Gesamtfortschritt',
    tier: 'Stufe {tier}',
    earned: 'Erworben',
    issuing: 'Wird ausgestellt…',
    failedIssue: 'Die Ausstellung verzögert sich; sie wird wiederholt.',
    revoked: 'Widerrufen',
    expired: 'Abgelaufen',
    inProgress: 'In Arbeit',
    notEnrolled: 'Schreiben Sie sich ein, um diesen Nachweis zu erwerben.',
    met: 'Erfüllt',
    view: 'Nachweis ansehen',
    download: 'PDF herunterladen',
    ofRequired: '{current} von {required}',
    kinds: {
      COMPLETION: 'Abschluss',
      GRADE: 'Note',
      ASSIGNMENT_GRADE: 'Note in {type}',
      ENROLLMENT_TRACK: 'Einschreibungsart',
      DISCUSSION: 'Diskussionsbeteiligung',
      ALL_OF: 'Alle',
      ANY_OF: 'Mindestens eines',
    },
  },
  pt: {
    title: 'Suas credenciais',
    loading: 'Carregando seu progresso…',
    empty: 'Nenhuma credencial é oferecida aqui ainda.',
    signIn: 'Entre para ver seu progresso.',
    failed: 'Não foi possível carregar seu progresso.',
    overall: 'Progresso geral',
    tier: 'Nível {tier}',
    earned: 'Obtida',
    issuing: 'Sendo emitida…',
    failedIssue: 'A emissão está atrasada; será tentada novamente.',
    revoked: 'Revogada',
    expired: 'Expirada',
    inProgress: 'Em andamento',
    notEnrolled: 'Inscreva-se para obter esta credencial.',
    met: 'Concluído',
    view: 'Ver credencial',
    download: 'Baixar PDF',
    ofRequired: '{current} de {required}',
    kinds: {
      COMPLETION: 'Conclusão',
      GRADE: 'Nota',
      ASSIGNMENT_GRADE: 'Nota em {type}',
      ENROLLMENT_TRACK: 'Modalidade de inscrição',
      DISCUSSION: 'Participação nos fóruns',
      ALL_OF: 'Todos',
      ANY_OF: 'Qualquer um',
    },
  },
  ar: {
    title: 'شهاداتك',
    loading: 'جارٍ تحميل تقدّمك…',
    empty: 'لا توجد شهادة معروضة هنا بعد.',
    signIn: 'سجّل الدخول لرؤية تقدّمك.',
    failed: 'تعذّر تحميل تقدّمك.',
    overall: 'التقدّم الإجمالي',
    tier: 'المستوى {tier}',
    earned: 'تم الحصول عليها',
    issuing: 'جارٍ الإصدار…',
    failedIssue: 'تأخّر الإصدار؛ ستتم إعادة المحاولة.',
    revoked: 'ملغاة',
    expired: 'منتهية الصلاحية',
    inProgress: 'قيد التقدّم',
    notEnrolled: 'سجّل في المقرّر للحصول على هذه الشهادة.',
    met: 'مكتمل',
    view: 'عرض الشهادة',
    download: 'تنزيل PDF',
    ofRequired: '{current} من {required}',
    kinds: {
      COMPLETION: 'الإكمال',
      GRADE: 'الدرجة',
      ASSIGNMENT_GRADE: 'الدرجة في {type}',
      ENROLLMENT_TRACK: 'مسار التسجيل',
      DISCUSSION: 'المشاركة في النقاشات',
      ALL_OF: 'جميع ما يلي',
      ANY_OF: 'أيٌّ مما يلي',
    },
  },
};

export const WIDGET_LOCALES = Object.keys(catalogs);

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/** The closest catalog to a BCP 47 tag (`pt-BR` → `pt`), else English. */
export function pickLocale(tag: string | null | undefined): string {
  const lower = (tag ?? '').trim().toLowerCase();
  if (lower in catalogs) return lower;
  const language = lower.split(/[-_]/)[0] ?? '';
  return language in catalogs ? language : 'en';
}

export const directionOf = (locale: string): 'ltr' | 'rtl' =>
  RIGHT_TO_LEFT.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';

/** Every string of a locale, English where the locale has none. */
export function messagesFor(locale: string): Messages {
  const own = catalogs[pickLocale(locale)] ?? {};
  return { ...en, ...own, kinds: { ...en.kinds, ...own.kinds } } as Messages;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
